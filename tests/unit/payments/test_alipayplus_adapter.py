"""The Alipay+-shaped adapter against a local fake of the network: signatures both ways, result codes,
idempotency, and every way the network can leave Comptoir not knowing (time out, drop, twice, late)."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from comptoir.kernel.clock import Clock, FrozenClock
from comptoir.kernel.money import Money
from comptoir.payments.network.alipayplus import (
    PAY_PATH,
    REASONS,
    AlipayPlusNetwork,
    KeyPair,
    content_to_sign,
    load_public_key,
    parse_signature_header,
    reason_for,
    verify,
)
from comptoir.payments.network.port import NetworkAnswer, NetworkStatus, NetworkUnavailable, PayRequest, RefundRequest
from tests.support.fake_alipayplus import FakeAlipayPlus, Script, seeded_key_pair, serving

CLIENT_ID = "SANDBOX_COMPTOIR_0001"
BASE_URL = "http://alipayplus.test"
ALICE, BOB = "2188000000000001", "2188000000000002"
ALICE_CODES = ("281012345678901234", "281012345678901235", "281012345678901236")
BOB_CODE = "289999999999999999"


def cny(major: str) -> Money:
    return Money.parse(major, "CNY")


@pytest.fixture(scope="module")
def acquirer_keys() -> KeyPair:
    return seeded_key_pair(20260101)


@pytest.fixture(scope="module")
def network_keys() -> KeyPair:
    return seeded_key_pair(20260102)


@pytest.fixture(scope="module")
def stranger_keys() -> KeyPair:
    return seeded_key_pair(20260103)


@pytest.fixture
def fake(acquirer_keys: KeyPair, network_keys: KeyPair) -> FakeAlipayPlus:
    fake = FakeAlipayPlus(
        acquirer_public_key_pem=acquirer_keys.public_pem,
        network_private_key_pem=network_keys.private_pem,
        client_id=CLIENT_ID,
    )
    fake.add_consumer(ALICE, cny("500.00"), *ALICE_CODES)
    fake.add_consumer(BOB, cny("20.00"), BOB_CODE)
    return fake


def adapter(
    fake: FakeAlipayPlus,
    signing: KeyPair,
    verifying: KeyPair,
    *,
    clock: Clock | None = None,
    max_clock_skew: timedelta | None = timedelta(minutes=5),
) -> AlipayPlusNetwork:
    """The adapter under test, talking to ``fake`` in-process, with a deadline short enough to wait out."""
    return AlipayPlusNetwork(
        base_url=BASE_URL,
        client_id=CLIENT_ID,
        private_key_pem=signing.private_pem,
        network_public_key_pem=verifying.public_pem,
        timeout=0.3,
        merchant_id="M-LYON-0001",
        clock=clock,
        max_clock_skew=max_clock_skew,
        transport=httpx.ASGITransport(app=fake.app),
    )


@pytest.fixture
async def network(
    fake: FakeAlipayPlus, acquirer_keys: KeyPair, network_keys: KeyPair
) -> AsyncIterator[AlipayPlusNetwork]:
    async with adapter(fake, acquirer_keys, network_keys) as network:
        yield network


def pay_request(request_id: str = "pay-0001", amount: str = "128.00", code: str = ALICE_CODES[0]) -> PayRequest:
    return PayRequest(
        request_id=request_id,
        amount=cny(amount),
        payment_code=code,
        order_reference="ORD-2026-0001",
        merchant_name="Maison Lyonnaise",
    )


# --- paying -------------------------------------------------------------------------------------


async def test_a_payment_with_a_live_code_succeeds_and_takes_the_amount_from_the_consumer(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    answer = await network.pay(pay_request(amount="128.00"))

    assert answer.status is NetworkStatus.SUCCEEDED
    assert answer.request_id == "pay-0001"
    assert answer.amount == cny("128.00")
    assert answer.payer == ALICE
    assert answer.network_id == fake.payments["pay-0001"].payment_id
    assert fake.balance(ALICE) == cny("372.00")


async def test_the_pay_request_has_the_alipay_plus_shape_with_amounts_in_minor_units(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    await network.pay(pay_request(amount="128.50"))

    api, headers, body = fake.received[-1]
    assert api == "pay"
    assert headers["content-type"] == "application/json; charset=UTF-8"
    assert body["paymentRequestId"] == "pay-0001"
    assert body["paymentAmount"] == {"currency": "CNY", "value": "12850"}
    assert body["paymentMethod"] == {"paymentMethodType": "CONNECT_WALLET", "paymentMethodId": ALICE_CODES[0]}
    assert body["paymentFactor"]["inStorePaymentScenario"] == "PaymentCode"
    assert body["order"]["referenceOrderId"] == "ORD-2026-0001"
    assert body["order"]["merchant"] == {"referenceMerchantId": "M-LYON-0001", "merchantName": "Maison Lyonnaise"}


async def test_every_request_is_signed_over_method_path_client_id_time_and_body(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus, acquirer_keys: KeyPair
) -> None:
    await network.pay(pay_request())

    _, headers, body = fake.received[-1]
    assert headers["client-id"] == CLIENT_ID
    assert datetime.fromisoformat(headers["request-time"]).utcoffset() is not None
    assert re.fullmatch(r"algorithm=RSA256, keyVersion=1, signature=[A-Za-z0-9%]+", headers["signature"])
    signature = parse_signature_header(headers["signature"])
    assert signature is not None
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    content = content_to_sign(PAY_PATH, CLIENT_ID, headers["request-time"], text)
    assert verify(load_public_key(acquirer_keys.public_pem), content, signature)
    assert not verify(load_public_key(acquirer_keys.public_pem), content + b" ", signature)


@pytest.mark.parametrize(
    ("balance_owner", "code", "amount", "reason"),
    [
        (BOB, BOB_CODE, "20.01", "insufficient_funds"),
        (ALICE, "280000000000000000", "10.00", "unknown_payment_code"),
    ],
)
async def test_a_refused_payment_is_a_failed_answer_with_our_reason_and_takes_nothing(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus, balance_owner: str, code: str, amount: str, reason: str
) -> None:
    before = fake.balance(balance_owner)

    answer = await network.pay(pay_request(amount=amount, code=code))

    assert (answer.status, answer.reason) == (NetworkStatus.FAILED, reason)
    assert fake.balance(balance_owner) == before


async def test_a_payment_code_pays_once_and_its_second_use_is_refused(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    first = await network.pay(pay_request("pay-0001", "10.00", ALICE_CODES[0]))
    second = await network.pay(pay_request("pay-0002", "10.00", ALICE_CODES[0]))

    assert first.status is NetworkStatus.SUCCEEDED
    assert (second.status, second.reason) == (NetworkStatus.FAILED, "payment_code_used")
    assert fake.balance(ALICE) == cny("490.00")


async def test_the_same_request_id_for_another_amount_is_refused_and_the_first_payment_stands(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    await network.pay(pay_request("pay-0001", "10.00"))

    answer = await network.pay(pay_request("pay-0001", "99.00"))

    assert (answer.status, answer.reason) == (NetworkStatus.FAILED, "request_id_reused")
    assert fake.balance(ALICE) == cny("490.00")


def test_a_request_id_longer_than_the_network_keeps_is_refused_before_anything_is_sent() -> None:
    assert pay_request("p" * 64).request_id == "p" * 64
    with pytest.raises(ValueError, match="1-64"):
        pay_request("p" * 65)
    with pytest.raises(ValueError, match="1-64"):
        RefundRequest(refund_request_id="r" * 65, payment_request_id="pay-0001", amount=cny("1.00"))


def test_result_codes_become_comptoir_reasons_and_unknown_ones_are_kept_lower_cased() -> None:
    assert reason_for("USER_BALANCE_NOT_ENOUGH") == "insufficient_funds"
    assert reason_for("INVALID_PAYMENT_CODE") == "unknown_payment_code"
    assert reason_for("EXPIRED_CODE") == "payment_code_used"
    assert reason_for("REFUND_AMOUNT_EXCEED") == "refund_exceeds_payment"
    assert reason_for("SOME_NEW_CODE") == "some_new_code"
    assert all(re.fullmatch(r"[a-z_]+", reason) for reason in REASONS.values())


# --- signatures ---------------------------------------------------------------------------------


async def test_a_request_signed_with_another_key_is_refused_by_the_network_and_nothing_is_paid(
    fake: FakeAlipayPlus, stranger_keys: KeyPair, network_keys: KeyPair
) -> None:
    async with adapter(fake, stranger_keys, network_keys) as impostor:
        answer = await impostor.pay(pay_request())

    assert (answer.status, answer.reason) == (NetworkStatus.FAILED, "invalid_signature")
    assert fake.refused_signatures == 1
    assert fake.payments == {}
    assert fake.balance(ALICE) == cny("500.00")


async def test_the_fake_answers_401_invalid_signature_to_an_unsigned_or_altered_request(fake: FakeAlipayPlus) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app), base_url=BASE_URL) as client:
        unsigned = await client.post(PAY_PATH, json={"paymentRequestId": "x"}, headers={"client-id": CLIENT_ID})
        forged = await client.post(
            PAY_PATH,
            json={"paymentRequestId": "x"},
            headers={
                "client-id": CLIENT_ID,
                "request-time": "2026-01-01T08:00:00+08:00",
                "signature": "algorithm=RSA256, keyVersion=1, signature=AAAA",
            },
        )

    for response in (unsigned, forged):
        assert response.status_code == 401
        assert response.json()["result"] == {
            "resultCode": "INVALID_SIGNATURE",
            "resultStatus": "F",
            "resultMessage": "The signature is invalid.",
        }
    assert fake.received == []


async def test_an_answer_changed_after_signing_is_not_believed_and_an_inquiry_tells_the_truth(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    fake.script.tamper_next("pay")  # Bob's payment fails; the altered answer says it succeeded

    with pytest.raises(NetworkUnavailable, match="signature"):
        await network.pay(pay_request(amount="50.00", code=BOB_CODE))

    truth = await network.inquire("pay-0001")
    assert (truth.status, truth.reason) == (NetworkStatus.FAILED, "insufficient_funds")


async def test_an_answer_signed_with_the_acquirers_own_key_is_not_the_networks(
    fake: FakeAlipayPlus, acquirer_keys: KeyPair
) -> None:
    async with adapter(fake, acquirer_keys, acquirer_keys) as network:  # expects the wrong network key
        with pytest.raises(NetworkUnavailable, match="signature"):
            await network.pay(pay_request())
    assert fake.payments["pay-0001"].status == "SUCCESS"


@pytest.mark.parametrize(
    ("misbehave", "match"),
    [
        (Script.sign_badly_next, "signature"),
        (Script.leave_unsigned_next, "not signed"),
        (Script.answer_for_another_request_next, "not 'pay-0001'"),
        (Script.answer_not_json_next, "not JSON"),
        (Script.drop_next, "signature|JSON"),
    ],
    ids=["badly signed", "unsigned", "another request", "not json", "dropped"],
)
async def test_an_answer_we_cannot_trust_is_no_answer_and_the_inquiry_shows_the_payment(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus, misbehave: Callable[[Script, str], Script], match: str
) -> None:
    misbehave(fake.script, "pay")

    with pytest.raises(NetworkUnavailable, match=match):
        await network.pay(pay_request(amount="10.00"))

    truth = await network.inquire("pay-0001")
    assert (truth.status, truth.amount, truth.payer) == (NetworkStatus.SUCCEEDED, cny("10.00"), ALICE)
    assert fake.balance(ALICE) == cny("490.00")


async def test_an_answer_stamped_far_from_our_clock_is_refused(
    fake: FakeAlipayPlus, acquirer_keys: KeyPair, network_keys: KeyPair
) -> None:
    behind = FrozenClock(datetime.now(UTC) - timedelta(hours=1))
    async with adapter(fake, acquirer_keys, network_keys, clock=behind) as network:
        with pytest.raises(NetworkUnavailable, match="too far from our clock"):
            await network.inquire("pay-0001")
    async with adapter(fake, acquirer_keys, network_keys, clock=behind, max_clock_skew=None) as network:
        assert (await network.inquire("pay-0001")).reason == "unknown_request"


# --- not knowing --------------------------------------------------------------------------------


async def test_a_timeout_after_the_network_paid_is_unavailable_and_the_inquiry_shows_the_payment(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    fake.script.time_out_next("pay", after_applying=True)

    with pytest.raises(NetworkUnavailable, match=r"within 0\.3 s"):
        await network.pay(pay_request(amount="25.00"))

    truth = await network.inquire("pay-0001")
    assert (truth.status, truth.amount) == (NetworkStatus.SUCCEEDED, cny("25.00"))
    assert fake.balance(ALICE) == cny("475.00")


async def test_a_request_lost_on_the_way_is_unknown_then_cancelled_and_a_late_pay_under_its_id_is_refused(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    fake.script.time_out_next("pay", after_applying=False)

    with pytest.raises(NetworkUnavailable):
        await network.pay(pay_request())
    unknown = await network.inquire("pay-0001")
    cancelled = await network.cancel("pay-0001")
    late = await network.pay(pay_request())  # the same request, arriving after the cancel

    assert (unknown.status, unknown.reason) == (NetworkStatus.FAILED, "unknown_request")
    assert cancelled.status is NetworkStatus.CANCELLED
    assert (late.status, late.reason) == (NetworkStatus.CANCELLED, "cancelled")
    assert (await network.inquire("pay-0001")).status is NetworkStatus.CANCELLED
    assert fake.balance(ALICE) == cny("500.00")


async def test_a_request_done_twice_pays_once_and_a_retry_under_the_same_id_answers_the_same_payment(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    fake.script.answer_twice("pay")

    first = await network.pay(pay_request(amount="40.00"))
    retried = await network.pay(pay_request(amount="40.00"))

    assert fake.applied["pay"] == 3
    assert first.status is retried.status is NetworkStatus.SUCCEEDED
    assert first.network_id == retried.network_id
    assert len(fake.payments) == 1
    assert fake.balance(ALICE) == cny("460.00")


async def test_a_payment_in_process_is_pending_until_an_inquiry_sees_it_settled(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    fake.script.answer_in_process(inquiries=2)

    answers = [await network.pay(pay_request(amount="60.00"))]
    answers += [await network.inquire("pay-0001"), await network.inquire("pay-0001")]

    assert [a.status for a in answers] == [NetworkStatus.PENDING, NetworkStatus.PENDING, NetworkStatus.SUCCEEDED]
    assert answers[0].network_id == answers[2].network_id is not None
    assert answers[2].amount == cny("60.00")
    assert fake.balance(ALICE) == cny("440.00")


async def test_a_payment_in_process_can_settle_as_a_failure(network: AlipayPlusNetwork, fake: FakeAlipayPlus) -> None:
    fake.script.answer_in_process(inquiries=1)

    pending = await network.pay(pay_request(amount="30.00", code=BOB_CODE))
    final = await network.inquire("pay-0001")

    assert pending.status is NetworkStatus.PENDING
    assert (final.status, final.reason) == (NetworkStatus.FAILED, "insufficient_funds")
    assert fake.balance(BOB) == cny("20.00")


async def test_a_payment_that_settles_after_the_client_gave_up_shows_on_a_later_inquiry(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    fake.script.answer_late()

    with pytest.raises(NetworkUnavailable):
        await network.pay(pay_request(amount="70.00"))
    meanwhile = await network.inquire("pay-0001")
    fake.release_late_payments()
    await fake.settled()
    later = await network.inquire("pay-0001")

    assert meanwhile.status is NetworkStatus.PENDING
    assert (later.status, later.amount) == (NetworkStatus.SUCCEEDED, cny("70.00"))
    assert fake.balance(ALICE) == cny("430.00")


# --- cancelling and refunding -------------------------------------------------------------------


async def test_cancelling_a_paid_payment_gives_the_money_back_and_a_refunded_one_cannot_be_cancelled(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    await network.pay(pay_request("pay-0001", "50.00", ALICE_CODES[0]))
    await network.pay(pay_request("pay-0002", "50.00", ALICE_CODES[1]))
    await network.refund(RefundRequest("refund-0001", "pay-0002", cny("5.00")))

    cancelled = await network.cancel("pay-0001")
    refused = await network.cancel("pay-0002")

    assert cancelled.status is NetworkStatus.CANCELLED
    assert (refused.status, refused.reason, refused.amount) == (NetworkStatus.SUCCEEDED, "wrong_state", cny("50.00"))
    assert fake.balance(ALICE) == cny("455.00")


async def test_refunds_add_up_to_the_payment_and_never_beyond_it(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    await network.pay(pay_request(amount="100.00"))

    def refund(refund_id: str, amount: str) -> RefundRequest:
        return RefundRequest(refund_request_id=refund_id, payment_request_id="pay-0001", amount=cny(amount))

    partial = await network.refund(refund("refund-0001", "30.00"))
    repeated = await network.refund(refund("refund-0001", "30.00"))
    too_much = await network.refund(refund("refund-0002", "70.01"))
    rest = await network.refund(refund("refund-0003", "70.00"))
    beyond = await network.refund(refund("refund-0004", "0.01"))

    assert (partial.status, partial.amount) == (NetworkStatus.SUCCEEDED, cny("30.00"))
    assert repeated.network_id == partial.network_id is not None
    assert (too_much.status, too_much.reason) == (NetworkStatus.FAILED, "refund_exceeds_payment")
    assert (rest.status, rest.request_id) == (NetworkStatus.SUCCEEDED, "refund-0003")
    assert (beyond.status, beyond.reason) == (NetworkStatus.FAILED, "refund_exceeds_payment")
    assert fake.payments["pay-0001"].refunded == 10000
    assert fake.balance(ALICE) == cny("500.00")


async def test_a_payment_that_did_not_succeed_cannot_be_refunded(
    network: AlipayPlusNetwork, fake: FakeAlipayPlus
) -> None:
    await network.pay(pay_request(amount="30.00", code=BOB_CODE))

    answer = await network.refund(RefundRequest("refund-0001", "pay-0001", cny("1.00")))
    unknown = await network.refund(RefundRequest("refund-0002", "pay-9999", cny("1.00")))

    assert (answer.status, answer.reason) == (NetworkStatus.FAILED, "wrong_state")
    assert (unknown.status, unknown.reason) == (NetworkStatus.FAILED, "unknown_request")
    assert fake.balance(BOB) == cny("20.00")


# --- over a real socket -------------------------------------------------------------------------


async def test_over_real_http_the_adapter_pays_inquires_refunds_and_survives_a_timeout(
    acquirer_keys: KeyPair, network_keys: KeyPair
) -> None:
    fake = FakeAlipayPlus(
        acquirer_public_key_pem=acquirer_keys.public_pem,
        network_private_key_pem=network_keys.private_pem,
        client_id=CLIENT_ID,
        hang_seconds=1.0,
    )
    fake.add_consumer(ALICE, cny("500.00"), *ALICE_CODES)
    fake.script.time_out_next("pay", after_applying=True)

    answers: list[NetworkAnswer] = []
    with serving(fake.app) as base_url:
        async with AlipayPlusNetwork(
            base_url=base_url,
            client_id=CLIENT_ID,
            private_key_pem=acquirer_keys.private_pem,
            network_public_key_pem=network_keys.public_pem,
            timeout=0.3,
        ) as network:
            with pytest.raises(NetworkUnavailable):
                await network.pay(pay_request("pay-0001", "10.00", ALICE_CODES[0]))
            answers.append(await network.inquire("pay-0001"))
            answers.append(await network.pay(pay_request("pay-0002", "20.00", ALICE_CODES[1])))
            answers.append(await network.refund(RefundRequest("refund-0001", "pay-0002", cny("5.00"))))

    assert [a.status for a in answers] == [NetworkStatus.SUCCEEDED] * 3
    assert [a.amount for a in answers] == [cny("10.00"), cny("20.00"), cny("5.00")]
    assert fake.balance(ALICE) == cny("475.00")


async def test_over_real_http_a_closed_port_is_unavailable(acquirer_keys: KeyPair, network_keys: KeyPair) -> None:
    fake = FakeAlipayPlus(
        acquirer_public_key_pem=acquirer_keys.public_pem,
        network_private_key_pem=network_keys.private_pem,
        client_id=CLIENT_ID,
    )
    with serving(fake.app) as base_url:
        pass  # the server has stopped: nothing listens there any more
    async with AlipayPlusNetwork(
        base_url=base_url,
        client_id=CLIENT_ID,
        private_key_pem=acquirer_keys.private_pem,
        network_public_key_pem=network_keys.public_pem,
        timeout=2.0,
    ) as network:
        with pytest.raises(NetworkUnavailable, match="could not reach"):
            await network.inquire("pay-0001")
