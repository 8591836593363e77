"""The architecture of DESIGN.md, checked: layers, pure domains, no reaching past a capability's public face."""

from __future__ import annotations

import itertools
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


# DESIGN.md's order of capabilities, bottom to top; capabilities on one rank may sit in either order or side by side.
DESIGN_RANKS = [
    ["kernel"],
    ["identity"],
    ["catalog", "inventory", "pricing", "ledger"],
    ["customs", "localization", "payments", "logistics"],
    ["orders"],
    ["tourism", "intelligence"],
    ["simulation"],
    ["web", "cli"],
]
RANK = {name: rank for rank, names in enumerate(DESIGN_RANKS) for name in names}


def _packages() -> list[str]:
    return sorted(p.name for p in (ROOT / "src" / "comptoir").iterdir() if (p / "__init__.py").exists())


def _contracts() -> list[dict[str, Any]]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        contracts: list[dict[str, Any]] = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    return contracts


def _layers() -> list[list[str]]:
    """The layers contract, top first, each layer as the capability names it holds."""
    [layers] = [c["layers"] for c in _contracts() if c["type"] == "layers"]
    return [[name.strip().removeprefix("comptoir.") for name in layer.split("|")] for layer in layers]


def test_every_capability_package_is_layered_in_the_contracts_exactly_once() -> None:
    layered = [name for layer in _layers() for name in layer]
    assert sorted(layered) == _packages(), "the layers contract in pyproject.toml must name each package once"
    assert _layers()[-1] == ["kernel"]


def test_the_layers_follow_the_order_of_the_design() -> None:
    top_first = _layers()
    assert all(name in RANK for layer in top_first for name in layer), "place the new capability in DESIGN_RANKS"
    for upper, lower in itertools.combinations(top_first, 2):
        inverted = [(a, b) for a in upper for b in lower if RANK[a] < RANK[b]]
        assert inverted == [], f"these sit above capabilities DESIGN.md puts higher: {inverted}"


def test_every_capability_but_the_kernel_is_reached_only_through_its_public_face() -> None:
    protected = {
        tuple(c["allowed_importers"]): c["protected_modules"] for c in _contracts() if c["type"] == "protected"
    }
    expected = {(f"comptoir.{name}",): [f"comptoir.{name}.*"] for name in _packages() if name != "kernel"}
    assert protected == expected
