"""Every event the platform publishes has a reaction: a handler wired in ``web/subscriptions.py``,
or a mark that it leaves the system for outside consumers (``@event(..., leaves_system=True)``)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import comptoir
from comptoir.kernel.events import registered_event_types
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.web.subscriptions import subscribe_all


def _import_every_domain_module() -> None:
    for module in pkgutil.walk_packages(comptoir.__path__, "comptoir."):
        if module.name.endswith(".domain") or ".domain." in module.name:
            importlib.import_module(module.name)


def test_every_registered_event_is_handled_or_leaves_the_system(tmp_path: Path) -> None:
    _import_every_domain_module()
    runtime = Runtime.from_settings(Settings(environment="test", data_dir=tmp_path))
    subscribe_all(runtime)
    subscribed = runtime.bus.subscribed_types()
    platform_events = [t for t in registered_event_types() if t.cls.__module__.startswith("comptoir.")]
    assert platform_events, "no event type is registered: the domain modules were not imported"
    orphans = [
        f"{t.name} v{t.version} ({t.cls.__module__}.{t.cls.__qualname__})"
        for t in platform_events
        if not t.leaves_system and t.cls not in subscribed
    ]
    assert orphans == [], f"published but nobody reacts (subscribe a handler or mark leaves_system=True): {orphans}"


def test_the_network_import_is_published_for_outside_consumers() -> None:
    from comptoir.kernel.events import event_type_of
    from comptoir.logistics import NetworkImported

    registered = event_type_of(NetworkImported)
    assert (registered.name, registered.version, registered.leaves_system) == ("logistics.NetworkImported", 1, True)


def test_the_wiring_module_alone_registers_every_event_type() -> None:
    """The worker process knows every event type once it imports the wiring module, or it would park their rows."""
    import subprocess
    import sys

    script = (
        "import comptoir.web.subscriptions\n"
        "from comptoir.kernel.events import registered_event_types\n"
        "print('\\n'.join(sorted(f'{t.name} v{t.version}' for t in registered_event_types())))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    _import_every_domain_module()
    declared = sorted(
        f"{t.name} v{t.version}" for t in registered_event_types() if t.cls.__module__.startswith("comptoir.")
    )
    assert run.stdout.splitlines() == declared
