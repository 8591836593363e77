"""The spaces of the site: one per persona, contributed by the capability that serves it.

A capability describes its space (whose it is, its home, the links of its navigation) as a
:class:`Space` in its pages module; the web assembly registers them all in the app's registry
(``app.state.spaces``), so the kernel and identity never import a higher capability.
Everything that depends on who is signed in reads this one registry: where a person lands after
signing in (:meth:`SpaceRegistry.home_of`), the header's navigation (:meth:`SpaceRegistry.nav_for`)
and the doors on the landing page (:meth:`SpaceRegistry.arrange`).

Labels are callables, so they are translated when a page is drawn, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from starlette.requests import Request

from comptoir.kernel.principal import OrganisationKind, Principal

Label = Callable[[], str]


@dataclass(frozen=True, slots=True)
class NavLink:
    href: str
    label: Label


@dataclass(frozen=True, slots=True)
class Space:
    """A persona's space: the organisation kinds it belongs to, its home and its navigation."""

    name: str
    kinds: frozenset[OrganisationKind]
    home: str
    persona: Label
    title: Label
    blurb: Label
    links: tuple[NavLink, ...] = ()
    #: Lower ranks come first (on the landing page, in the navigation, and for the home).
    rank: int = 100

    def belongs_to(self, principal: Principal) -> bool:
        return principal.organisation_kind in self.kinds


@dataclass(frozen=True, slots=True)
class Arrangement:
    """The landing page's spaces for one reader: those it may open, and the others (someone else's)."""

    yours: list[Space]
    others: list[Space]


@dataclass(slots=True)
class SpaceRegistry:
    _spaces: dict[str, Space] = field(default_factory=dict)
    _account_links: dict[str, NavLink] = field(default_factory=dict)

    def register(self, space: Space) -> Space:
        """Add (or replace, by name) a space."""
        self._spaces[space.name] = space
        return space

    def register_account_link(self, link: NavLink) -> NavLink:
        """A link every signed-in person has in its navigation, after its spaces' links (API keys...)."""
        self._account_links[link.href] = link
        return link

    def spaces(self) -> list[Space]:
        return sorted(self._spaces.values(), key=lambda s: (s.rank, s.name))

    def of(self, principal: Principal | None) -> list[Space]:
        """The spaces that belong to ``principal`` (none for a visitor)."""
        if principal is None:
            return []
        return [s for s in self.spaces() if s.belongs_to(principal)]

    def arrange(self, principal: Principal | None) -> Arrangement:
        """A visitor may knock at every door (it is asked to sign in); a signed-in person opens its own."""
        if principal is None:
            return Arrangement(yours=self.spaces(), others=[])
        yours = self.of(principal)
        return Arrangement(yours=yours, others=[s for s in self.spaces() if s not in yours])

    def home_of(self, principal: Principal) -> str:
        """Where ``principal`` lands after signing in: the home of its first space, else the landing page."""
        mine = self.of(principal)
        return mine[0].home if mine else "/"

    def nav_for(self, principal: Principal | None) -> list[NavLink]:
        """The header's links for ``principal``: its spaces' links, then the account's (none for a visitor)."""
        if principal is None:
            return []
        links: list[NavLink] = []
        for space in self.of(principal):
            links.extend(space.links or (NavLink(space.home, space.title),))
        links.extend(self._account_links.values())
        return _unique(links)


def _unique(links: Iterable[NavLink]) -> list[NavLink]:
    seen: set[str] = set()
    kept = []
    for link in links:
        if link.href not in seen:
            seen.add(link.href)
            kept.append(link)
    return kept


def site_spaces(request: Request) -> SpaceRegistry:
    """The registry of the app serving ``request`` (an empty one if the app registered none)."""
    registry = getattr(request.app.state, "spaces", None)
    return registry if isinstance(registry, SpaceRegistry) else SpaceRegistry()
