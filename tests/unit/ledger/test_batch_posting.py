"""The rules that apply a batch of transfers, on in-memory balances (no database)."""

from __future__ import annotations

import pytest

from comptoir.ledger.domain import (
    GENESIS_HASH,
    Balance,
    BatchPosting,
    NewAccount,
    Transfer,
    TransferRecord,
    TransferResult,
    account_ids_to_lock,
    content_digest,
    record_hash,
    seal,
    with_digests,
)
from comptoir.ledger.errors import LedgerInputInvalid

R = TransferResult
NOW = 1_000_000_000_000


def _ledger(*, wallet_limited: bool = True) -> dict[str, Balance]:
    return {
        "bank": Balance("bank", "EUR", False, False, 0, 0, 0, 0),
        "wallet": Balance("wallet", "EUR", wallet_limited, False, 0, 0, 0, 0),
        "shop": Balance("shop", "EUR", False, False, 0, 0, 0, 0),
        "cny": Balance("cny", "CNY", False, False, 0, 0, 0, 0),
    }


def _post(
    transfers: list[Transfer],
    balances: dict[str, Balance] | None = None,
    *,
    known: dict[str, TransferRecord] | None = None,
) -> tuple[BatchPosting, list[TransferResult]]:
    posting = BatchPosting(
        balances=balances if balances is not None else _ledger(), known=known or {}, resolutions={}, now_us=NOW
    )
    return posting, posting.post(transfers)


def test_a_wallet_cannot_spend_more_than_it_received() -> None:
    posting, results = _post(
        [
            Transfer("top-up", "bank", "wallet", 100, "EUR"),
            Transfer("buy", "wallet", "shop", 150, "EUR"),
            Transfer("buy-less", "wallet", "shop", 100, "EUR"),
        ]
    )
    assert results == [R.OK, R.EXCEEDS_CREDITS, R.OK]
    assert [r.id for r in posting.records] == ["top-up", "buy-less"]
    wallet = posting.balances["wallet"]
    assert (wallet.debits_posted, wallet.credits_posted) == (100, 100)


def test_each_refusal_names_its_reason() -> None:
    posting, results = _post(
        [
            Transfer("same", "bank", "bank", 1, "EUR"),
            Transfer("zero", "bank", "shop", 0, "EUR"),
            Transfer("no-debit", "ghost", "shop", 1, "EUR"),
            Transfer("no-credit", "bank", "ghost", 1, "EUR"),
            Transfer("fx-without-liquidity", "bank", "cny", 1, "EUR"),
            Transfer("post-nothing", post_pending="nothing"),
        ]
    )
    assert results == [
        R.ACCOUNTS_MUST_BE_DIFFERENT,
        R.AMOUNT_MUST_BE_POSITIVE,
        R.DEBIT_ACCOUNT_NOT_FOUND,
        R.CREDIT_ACCOUNT_NOT_FOUND,
        R.CURRENCIES_MUST_MATCH,
        R.PENDING_TRANSFER_NOT_FOUND,
    ]
    assert posting.records == []


def test_a_retry_with_the_same_fields_changes_nothing_and_different_fields_are_refused() -> None:
    posting, results = _post(
        [
            Transfer("pay", "bank", "shop", 10, "EUR", code="sale"),
            Transfer("pay", "bank", "shop", 10, "EUR", code="sale"),
            Transfer("pay", "bank", "shop", 11, "EUR", code="sale"),
        ]
    )
    assert results == [R.OK, R.EXISTS, R.EXISTS_WITH_DIFFERENT_FIELDS]
    assert posting.balances["shop"].credits_posted == 10


def test_a_reservation_posted_in_part_releases_the_rest_and_cannot_be_posted_again() -> None:
    posting, results = _post(
        [
            Transfer("top-up", "bank", "wallet", 100, "EUR"),
            Transfer("hold", "wallet", "shop", 80, "EUR", pending=True),
            Transfer("spend-during-hold", "wallet", "shop", 30, "EUR"),
            Transfer("capture", post_pending="hold", amount=50),
            Transfer("capture-again", post_pending="hold"),
            Transfer("void-after-capture", void_pending="hold"),
        ]
    )
    assert results == [
        R.OK,
        R.OK,
        R.EXCEEDS_CREDITS,
        R.OK,
        R.PENDING_TRANSFER_ALREADY_POSTED,
        R.PENDING_TRANSFER_ALREADY_POSTED,
    ]
    wallet = posting.balances["wallet"]
    assert (wallet.debits_posted, wallet.debits_pending) == (50, 0)
    assert posting.records[-1].amount == 50 and posting.records[-1].pending_id == "hold"


def test_a_void_releases_the_whole_reservation_and_must_name_its_whole_amount() -> None:
    posting, results = _post(
        [
            Transfer("hold", "bank", "shop", 80, "EUR", pending=True),
            Transfer("void-part", void_pending="hold", amount=30),
            Transfer("void-too-much", void_pending="hold", amount=90),
            Transfer("void-other-shop", void_pending="hold", credit_account="bank"),
            Transfer("void", void_pending="hold"),
            Transfer("post-after-void", post_pending="hold"),
        ]
    )
    assert results == [
        R.OK,
        R.PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT,
        R.EXCEEDS_PENDING_AMOUNT,
        R.PENDING_TRANSFER_HAS_DIFFERENT_ACCOUNTS,
        R.OK,
        R.PENDING_TRANSFER_ALREADY_VOIDED,
    ]
    assert posting.balances["shop"].credits_pending == 0


def test_a_reservation_past_its_timeout_cannot_be_posted() -> None:
    hold = TransferRecord("hold", "pending", "bank", "shop", 5, "EUR", None, 10, NOW - 1, None, None, None, NOW - 11)
    balances = _ledger()
    balances["bank"].debits_pending = balances["shop"].credits_pending = 5
    _, results = _post([Transfer("capture", post_pending="hold")], balances, known={"hold": hold})
    assert results == [R.PENDING_TRANSFER_EXPIRED]


def test_a_group_with_one_bad_member_applies_nothing() -> None:
    posting, results = _post(
        [
            Transfer("top-up", "bank", "wallet", 100, "EUR"),
            Transfer("brand-net", "wallet", "shop", 70, "EUR", group="sale-1"),
            Transfer("partner", "wallet", "bank", 20, "EUR", group="sale-1"),
            Transfer("platform-fee", "wallet", "bank", 20, "EUR", group="sale-1"),
            Transfer("next", "wallet", "shop", 1, "EUR"),
        ]
    )
    assert results == [
        R.OK,
        R.LINKED_EVENT_FAILED,
        R.LINKED_EVENT_FAILED,
        R.EXCEEDS_CREDITS,
        R.OK,
    ]
    assert [r.id for r in posting.records] == ["top-up", "next"]
    assert posting.balances["wallet"].debits_posted == 1
    assert posting.balances["shop"].credits_posted == 1


def test_a_failed_transfer_leaves_its_id_free_for_a_later_one() -> None:
    _, results = _post(
        [
            Transfer("buy", "wallet", "shop", 10, "EUR"),
            Transfer("top-up", "bank", "wallet", 10, "EUR"),
            Transfer("buy", "wallet", "shop", 10, "EUR"),
        ]
    )
    assert results == [R.EXCEEDS_CREDITS, R.OK, R.OK]


def test_the_chain_links_each_transfer_to_the_one_before() -> None:
    posting, _ = _post([Transfer("a", "bank", "shop", 1, "EUR"), Transfer("b", "bank", "shop", 2, "EUR")])
    stored = [r._replace(seq=40 + i) for i, r in enumerate(with_digests(posting.records))]
    assert [r.hash for r in stored] == [content_digest(r) for r in posting.records]
    sealed = seal(stored, last_seq=0, last_hash=GENESIS_HASH)
    (first_seq, first_place, first_hash), (second_seq, second_place, head) = sealed.links
    assert (first_seq, first_place, second_seq, second_place) == (40, 1, 41, 2)
    assert first_hash == record_hash(GENESIS_HASH, stored[0], 1)
    assert head == record_hash(first_hash, stored[1], 2) == sealed.head_hash and sealed.head_seq == 2
    assert record_hash(first_hash, stored[1]._replace(amount=3), 2) != head


def test_sealing_stops_before_a_record_that_no_longer_matches_its_digest() -> None:
    posting, _ = _post([Transfer("a", "bank", "shop", 1, "EUR"), Transfer("b", "bank", "shop", 2, "EUR")])
    first, second = with_digests(posting.records)
    sealed = seal([first, second._replace(reference="edited")], last_seq=7, last_hash=GENESIS_HASH)
    assert len(sealed.links) == 1 and sealed.head_seq == 8
    assert sealed.altered is not None and sealed.altered.id == "b"


def test_accounts_are_locked_in_id_order_including_those_behind_a_reservation() -> None:
    hold = TransferRecord("hold", "pending", "zeta", "alpha", 5, "EUR", None, 0, None, None, None, None, NOW)
    transfers = [Transfer("x", "shop", "bank", 1, "EUR"), Transfer("y", post_pending="hold")]
    assert account_ids_to_lock(transfers, {"hold": hold}) == ["alpha", "bank", "shop", "zeta"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": "", "debit_account": "a", "credit_account": "b", "amount": 1, "currency": "EUR"}, "transfer id"),
        ({"id": "x~y", "debit_account": "a", "credit_account": "b", "amount": 1, "currency": "EUR"}, "transfer id"),
        ({"id": "x", "credit_account": "b", "amount": 1, "currency": "EUR"}, "debit_account is required"),
        ({"id": "x", "debit_account": "a", "credit_account": "b", "amount": 1.5, "currency": "EUR"}, "integer"),
        ({"id": "x", "debit_account": "a", "credit_account": "b", "amount": 1, "currency": "XXY"}, "currency"),
        (
            {
                "id": "x",
                "debit_account": "a",
                "credit_account": "b",
                "amount": 1,
                "currency": "EUR",
                "timeout_seconds": 5,
            },
            "only to a pending",
        ),
        ({"id": "x", "post_pending": "p", "void_pending": "p"}, "at most one"),
    ],
)
def test_malformed_transfers_are_refused_before_anything_is_posted(fields: dict[str, object], message: str) -> None:
    with pytest.raises(LedgerInputInvalid, match=message):
        Transfer(**fields)  # type: ignore[arg-type]


def test_an_account_takes_known_flags_and_at_most_one_of_them() -> None:
    with pytest.raises(LedgerInputInvalid, match="unknown flag"):
        NewAccount("a", "EUR", "org", "wallet", frozenset({"no_overdraft"}))
    with pytest.raises(LedgerInputInvalid, match="at most one"):
        NewAccount(
            "a", "EUR", "org", "wallet", frozenset({"debits_must_not_exceed_credits", "credits_must_not_exceed_debits"})
        )
    account = NewAccount("a", "EUR", "org", "wallet", ["debits_must_not_exceed_credits"])  # type: ignore[arg-type]
    assert account.flags == frozenset({"debits_must_not_exceed_credits"})
