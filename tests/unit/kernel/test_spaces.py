"""The site's spaces: whose each one is, where each persona lands, and what its header lists."""

from __future__ import annotations

from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.spaces import NavLink, Space, SpaceRegistry


def _principal(kind: OrganisationKind) -> Principal:
    return Principal(organisation_id="org_1", organisation_kind=kind, organisation_name="X", via="session")


def _registry() -> SpaceRegistry:
    registry = SpaceRegistry()
    registry.register(
        Space(
            name="logistics",
            kinds=frozenset({OrganisationKind.LOGISTICS_OPERATOR, OrganisationKind.PLATFORM}),
            home="/logistics/network",
            persona=lambda: "Logistics operator",
            title=lambda: "Network",
            blurb=lambda: "",
            rank=40,
        )
    )
    registry.register(
        Space(
            name="operator",
            kinds=frozenset({OrganisationKind.PLATFORM}),
            home="/operator/partners",
            persona=lambda: "Platform operator",
            title=lambda: "Partner accreditation",
            blurb=lambda: "",
            links=(NavLink("/operator/partners", lambda: "Partner accreditation"),),
            rank=10,
        )
    )
    registry.register_account_link(NavLink("/account/api-keys", lambda: "API keys"))
    return registry


def test_a_persona_with_two_spaces_lands_on_the_first_and_lists_both_then_its_account() -> None:
    registry = _registry()
    platform = _principal(OrganisationKind.PLATFORM)
    assert registry.home_of(platform) == "/operator/partners"
    assert [link.href for link in registry.nav_for(platform)] == [
        "/operator/partners",
        "/logistics/network",
        "/account/api-keys",
    ]


def test_a_persona_without_a_space_lands_on_the_landing_page_and_sees_every_space_as_someone_elses() -> None:
    registry = _registry()
    shop = _principal(OrganisationKind.SHOP)
    assert registry.home_of(shop) == "/"
    arranged = registry.arrange(shop)
    assert arranged.yours == [] and [s.name for s in arranged.others] == ["operator", "logistics"]
    assert [link.href for link in registry.nav_for(shop)] == ["/account/api-keys"]


def test_a_visitor_may_knock_at_every_door_and_has_no_navigation() -> None:
    registry = _registry()
    assert [s.name for s in registry.arrange(None).yours] == ["operator", "logistics"]
    assert registry.nav_for(None) == []
