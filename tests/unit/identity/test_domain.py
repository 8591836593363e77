"""Identity's rules, without a database."""

from __future__ import annotations

import pytest

from comptoir.identity.domain import (
    BrandProfile,
    PartnerTerms,
    check_password,
    check_scopes,
    normalise_email,
)
from comptoir.identity.errors import InvalidEmail, InvalidPartnerTerms, InvalidProfile, UnknownScope, WeakPassword
from comptoir.kernel.money import Money
from comptoir.kernel.scopes import DelegationScope


def test_a_brand_grants_only_registered_scopes_and_at_least_one(orders_scope: DelegationScope) -> None:
    assert check_scopes(["content", "orders", "content"]) == {"content", "orders"}
    with pytest.raises(UnknownScope) as unknown:
        check_scopes(["content", "money"])
    assert unknown.value.code == "unknown_scope"
    with pytest.raises(UnknownScope) as empty:
        check_scopes([])
    assert empty.value.code == "no_scope"


def test_partner_fees_are_integers_within_bounds() -> None:
    terms = PartnerTerms.checked(
        services=["chinese_content", "chinese_content", "marketing"],
        languages=["zh-Hans", "fr"],
        commission_bps=850,
        monthly_fee=Money(120_000, "EUR"),
        description_zh="中文内容",
        description_fr="Contenus chinois",
    )
    assert terms.services == ("chinese_content", "marketing")
    for bad in ({"commission_bps": 5001}, {"services": ["hacking"]}, {"languages": ["not a tag"]}):
        args = {
            "services": ["marketing"],
            "languages": ["fr"],
            "commission_bps": 100,
            "monthly_fee": Money(0, "EUR"),
            "description_zh": "中",
            "description_fr": "fr",
        } | bad
        with pytest.raises(InvalidPartnerTerms):
            PartnerTerms.checked(**args)  # type: ignore[arg-type]


def test_a_profile_change_lists_only_what_changed_and_refuses_bad_values() -> None:
    profile = BrandProfile(brand_id="org_x", name="Maison Delaunay", story_fr="Depuis 1921")
    updated, diff = profile.changed({"story_fr": "Depuis 1921", "story_zh": "始于1921年"})
    assert diff == {"story_zh": ["", "始于1921年"]} and updated.story_zh == "始于1921年"
    with pytest.raises(InvalidProfile):
        profile.changed({"website": "javascript:alert(1)"})
    with pytest.raises(InvalidProfile):
        profile.changed({"owner": "me"})


def test_emails_are_normalised_and_short_passwords_refused() -> None:
    assert normalise_email("  Owner@Delaunay.FR ") == "owner@delaunay.fr"
    with pytest.raises(InvalidEmail):
        normalise_email("not-an-email")
    with pytest.raises(WeakPassword):
        check_password("short")
