"""Delegation scopes: what a brand can let a partner do for it, each declared by the capability that checks it.

A capability registers the scopes it checks when its package is imported
(``DELEGATION_SCOPES.register("content", capability="identity", ...)``); identity stores which
scopes a brand granted and checks them, and the pages and the API that list scopes read this
registry, so a scope appears exactly when the capability that honours it is installed. A name is
registered by one capability only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: A scope's word in the reader's language, called when a page is drawn.
Label = Callable[[], str]

_NAME = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


@dataclass(frozen=True, slots=True)
class DelegationScope:
    """One scope: its stable ``name`` (stored in delegations), who checks it, and how it reads."""

    name: str
    capability: str
    label: Label
    description: str  # what it allows, in English, as the API lists it


class ScopeRegistry:
    """The scopes a brand can grant a partner, in the order they were registered."""

    def __init__(self) -> None:
        self._scopes: dict[str, DelegationScope] = {}

    def register(self, name: str, *, capability: str, label: Label, description: str) -> DelegationScope:
        """Add a scope; registering it again from the same capability answers the first registration.

        Names are short lowercase words; a name another capability registered is refused (ValueError).
        """
        if not _NAME.match(name):
            raise ValueError(f"bad scope name {name!r}")
        existing = self._scopes.get(name)
        if existing is not None:
            if existing.capability != capability:
                raise ValueError(f"scope {name!r} is registered by {existing.capability}, not {capability}")
            return existing
        scope = DelegationScope(name, capability, label, description)
        self._scopes[name] = scope
        return scope

    def __contains__(self, name: object) -> bool:
        return name in self._scopes

    def names(self) -> tuple[str, ...]:
        return tuple(self._scopes)

    def definitions(self) -> tuple[DelegationScope, ...]:
        return tuple(self._scopes.values())


#: The one registry of the process.
DELEGATION_SCOPES = ScopeRegistry()
