"""The events of the logistics capability, registered under stable names and versions."""

from __future__ import annotations

from dataclasses import dataclass

from comptoir.kernel.events import event


# Nothing inside the platform reacts to a new network yet: the promise engine already checks the stored
# version on every query (its cache could not rely on this event, which reaches only the worker's process).
# The event is kept for outside consumers (a webhook or broker relay to the operator's own systems).
@event("logistics.NetworkImported", version=1, leaves_system=True)
@dataclass(frozen=True, slots=True)
class NetworkImported:
    """A new version of the installation's network was stored (``version`` is the network's, from 1).

    ``operator_org_id`` and ``operator_name`` name the owning logistics operator (None while nobody owns
    it), ``imported_by`` the user who imported it (None from the command line and the demo); the other
    fields count what the version holds. The field names are those the outbox has stored since the
    first import: keep them, and register a version 2 to change them.
    """

    version: int
    operator_org_id: str | None
    operator_name: str | None
    imported_by: str | None
    hubs: int
    services: int
    connections: int
    clearance: int
    last_mile: int
