"""Every reason a finding gives is listed for the translation catalogs, so partners read it in their language."""

from __future__ import annotations

import pytest

from comptoir.kernel import i18n
from comptoir.localization.domain import MUST_KEEP, MUST_RENDER, STILL_IN_FRENCH, compliance_rules
from comptoir.localization.pages.words import REASONS


def test_every_reason_a_finding_gives_is_listed_for_the_catalogs_and_nothing_else() -> None:
    reasons = {family.reason for family in compliance_rules().families} | {MUST_RENDER, MUST_KEEP, STILL_IN_FRENCH}
    assert set(REASONS) == reasons, sorted(set(REASONS) ^ reasons)


@pytest.mark.parametrize("locale", ["fr", "zh_Hans"])
def test_every_reason_is_translated(locale: str) -> None:
    token = i18n.current_locale.set(locale)
    try:
        untranslated = [r for r in REASONS if i18n.gettext(r) == r]
    finally:
        i18n.current_locale.reset(token)
    assert untranslated == []
