from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.database import async_url
from comptoir.kernel.i18n import negotiate, normalise_locale
from comptoir.kernel.ids import is_valid_id, new_id
from comptoir.kernel.settings import Settings


def test_ids_are_prefixed_and_sort_in_creation_order() -> None:
    ids = [new_id("ord") for _ in range(2000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert all(is_valid_id(i, "ord") for i in ids)
    assert not is_valid_id(ids[0], "pay")
    assert not is_valid_id("ord_notanid", "ord")
    assert not is_valid_id(42, "ord")


def test_a_bad_id_prefix_is_refused() -> None:
    with pytest.raises(ValueError):
        new_id("Bad-Prefix")


def test_the_frozen_clock_moves_only_when_told() -> None:
    clock = FrozenClock(datetime(2026, 3, 29, tzinfo=UTC))
    assert clock.now() == clock.now()
    clock.advance(hours=2)
    assert clock.now() == datetime(2026, 3, 29, 2, tzinfo=UTC)
    clock.advance(timedelta(days=1))
    assert clock.now().day == 30
    with pytest.raises(ValueError):
        FrozenClock(datetime(2026, 1, 1))


def test_plain_database_urls_get_the_async_driver() -> None:
    assert async_url("postgresql://postgres@127.0.0.1:5432/test").startswith("postgresql+asyncpg://")
    assert async_url("sqlite:////tmp/x.sqlite3").startswith("sqlite+aiosqlite:///")
    with pytest.raises(ValueError):
        async_url("mysql://root@localhost/test")


def test_production_refuses_the_placeholder_secret() -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(environment="production")
    assert Settings(environment="production", secret_key="x" * 40).secret_key == "x" * 40
    assert Settings(environment="development").environment == "development"


def test_the_database_defaults_to_a_sqlite_file_in_the_data_directory(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_database_url == f"sqlite:///{tmp_path.resolve()}/comptoir.sqlite3"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("zh-CN", "zh_Hans"), ("zh_Hant_TW", "zh_Hans"), ("fr-FR", "fr"), ("en", "en"), ("de", None), ("", None)],
)
def test_browser_languages_map_to_the_three_we_ship(tag: str, expected: str | None) -> None:
    assert normalise_locale(tag) == expected


def test_language_precedence_is_query_then_cookie_then_header() -> None:
    assert negotiate(query="en", cookie="fr", accept_language="zh-CN", default="fr") == "en"
    assert negotiate(query=None, cookie="zh_Hans", accept_language="en", default="fr") == "zh_Hans"
    assert (
        negotiate(query=None, cookie=None, accept_language="de;q=1, zh-CN;q=0.8, en;q=0.5", default="fr") == "zh_Hans"
    )
    assert negotiate(query="xx", cookie=None, accept_language=None, default="en") == "en"
