"""The delivery promise on the sample network, every figure computed by hand (see network_sample.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from comptoir.logistics._engine import PromiseEngine
from comptoir.logistics.domain import MilestoneKind, OrderWithin, compute_promise, customs_territory, latest_ready_for
from comptoir.logistics.errors import UnknownHub, UnknownZone
from comptoir.logistics.network_file import parse_network
from comptoir.logistics.promise_text import duration_text, order_within_text, promise_text
from tests.unit.logistics.network_sample import sample_document

NETWORK = parse_network(sample_document())


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


@pytest.fixture(scope="module")
def engine() -> PromiseEngine:
    return PromiseEngine.for_network(NETWORK, start=at("2026-10-01T00:00:00Z"), days=90)


def test_hangzhou_to_paris_flies_to_liege_clears_there_and_trucks_on(engine: PromiseEngine) -> None:
    promise = compute_promise(engine, NETWORK, "HGH", "FR-75", at("2026-12-01T00:00:00Z"))
    assert promise is not None
    # Thu 3 Dec 23:30 Shanghai = 15:30Z; +13 h lands 04:30Z, ready 06:30Z; +720 min p95 cleared 18:30Z;
    # the Sat 5 Dec 06:00 Brussels (05:00Z) truck arrives 10:00Z, ready 11:00Z = 12:00 Paris, before 14:00:
    # out on Sun 6 Dec, delivered by 23:59:59 Paris = 22:59:59Z.
    assert [leg.connection for leg in promise.legs] == ["HGH-LGG@2026-12-03", "LGG-FRPAR@2026-12-05"]
    assert [(m.kind.value, m.at, m.hub) for m in promise.milestones] == [
        ("departed", at("2026-12-03T15:30:00Z"), "HGH"),
        ("arrived_at_gateway", at("2026-12-04T04:30:00Z"), "LGG"),
        ("cleared", at("2026-12-04T18:30:00Z"), "LGG"),
        ("departed", at("2026-12-05T05:00:00Z"), "LGG"),
        ("at_delivery_station", at("2026-12-05T11:00:00Z"), "FRPAR"),
        ("out_for_delivery", at("2026-12-06T07:00:00Z"), "FRPAR"),
        ("delivered_by", at("2026-12-06T22:59:59Z"), "FRPAR"),
    ]
    assert (promise.gateway, promise.regime, promise.clearance_minutes) == ("LGG", "EU-IOSS", 720)
    assert promise.delivery_date == date(2026, 12, 6)


def test_missing_the_last_mile_cut_off_adds_a_day(engine: PromiseEngine) -> None:
    # Same path; ready at the station 12:00 Paris, after FR-69's 11:00 cut-off: Sun 6 Dec + 2 days.
    promise = compute_promise(engine, NETWORK, "HGH", "FR-69", at("2026-12-01T00:00:00Z"))
    assert promise is not None
    assert promise.delivery_date == date(2026, 12, 8)
    assert promise.delivered_by == at("2026-12-08T22:59:59Z")


def test_the_brussels_autumn_change_moves_the_truck_and_the_paris_cut_off(engine: PromiseEngine) -> None:
    # 25 Oct 2026 Brussels leaves CEST (UTC+2) for CET (UTC+1): the 06:00 truck leaves at 05:00Z that day
    # (04:00Z the day before). Ready 03:30Z: before its 04:00Z cut-off, so it is boarded; it is ready at
    # FRPAR at 11:00Z = 12:00 CET, within FR-13's 12:30 cut-off (it would be 13:00 in CEST): delivered 26 Oct.
    promise = compute_promise(engine, NETWORK, "LGG", "FR-13", at("2026-10-25T03:30:00Z"))
    assert promise is not None
    assert promise.gateway is None and promise.clearance_minutes == 0
    assert [(leg.connection, leg.departs_at) for leg in promise.legs] == [
        ("LGG-FRPAR@2026-10-25", at("2026-10-25T05:00:00Z"))
    ]
    assert promise.delivery_date == date(2026, 10, 26)
    assert promise.delivered_by == at("2026-10-26T22:59:59Z")
    # The day before, still in CEST, the truck leaves at 04:00Z: 03:30Z misses its 03:00Z cut-off.
    before = compute_promise(engine, NETWORK, "LGG", "FR-13", at("2026-10-24T03:30:00Z"))
    assert before is not None
    assert before.legs[0].departs_at == at("2026-10-25T05:00:00Z")


def test_a_domestic_chinese_parcel_needs_no_clearance(engine: PromiseEngine) -> None:
    # 18:00 Shanghai on 1 Dec; the 20:00 truck (12:00Z) arrives 16:00Z, ready 17:00Z = 01:00 on 2 Dec,
    # before the 10:00 cut-off: delivered on 3 Dec, by 23:59:59 Shanghai = 15:59:59Z.
    promise = compute_promise(engine, NETWORK, "HGH", "CN-31", at("2026-12-01T10:00:00Z"))
    assert promise is not None
    assert promise.milestone(MilestoneKind.CLEARED) is None
    assert promise.delivered_by == at("2026-12-03T15:59:59Z")


def test_the_buyer_reads_the_promise_in_their_language_and_time_zone(engine: PromiseEngine) -> None:
    promise = compute_promise(engine, NETWORK, "HGH", "FR-75", at("2026-12-01T00:00:00Z"))
    assert promise is not None
    assert promise_text(promise, locale="zh-Hans") == "预计 12月6日 前送达"
    assert promise_text(promise, locale="fr-FR") == "Livraison prévue avant le dimanche 6 décembre"
    assert promise_text(promise, locale="en") == "Delivery expected by Sunday 6 December"
    # 22:59:59Z on 6 Dec is already 06:59:59 on 7 Dec in Shanghai.
    assert promise_text(promise, locale="zh", tz="Asia/Shanghai") == "预计 12月7日 前送达"


def test_latest_ready_time_for_the_same_delivery_date(engine: PromiseEngine) -> None:
    # Delivered 6 Dec needs FRPAR by 5 Dec 14:00 Paris (13:00Z): the 05:00Z truck, boarded by 04:00Z at LGG,
    # so cleared by then, so at LGG by 4 Dec 16:00Z: the Thu 3 Dec flight, accepted until 12:30Z.
    latest = latest_ready_for(engine, NETWORK, "HGH", "FR-75", date(2026, 12, 6))
    assert latest == at("2026-12-03T12:30:00Z")
    assert latest_ready_for(engine, NETWORK, "HGH", "CN-31", date(2026, 12, 3)) == at("2026-12-01T11:00:00Z")


def test_order_within_text_in_three_languages(engine: PromiseEngine) -> None:
    now = at("2026-12-01T10:00:00Z")
    promise = compute_promise(engine, NETWORK, "HGH", "CN-31", now)
    assert promise is not None
    offer = OrderWithin(now=now, order_by=at("2026-12-01T11:00:00Z"), remaining=timedelta(hours=1), promise=promise)
    assert order_within_text(offer, locale="en") == "Order within 1 h 0 min to receive it by Thursday"
    assert order_within_text(offer, locale="fr") == "Commandez dans les 1 h 0 min pour être livré jeudi"
    assert order_within_text(offer, locale="zh-CN") == "1小时0分钟内下单，预计周四前送达"


def test_durations_are_rounded_down_to_the_minute() -> None:
    assert duration_text(timedelta(hours=2, minutes=14, seconds=59), "en") == "2 h 14 min"
    assert duration_text(timedelta(days=2, hours=12, minutes=30), "fr") == "2 j 12 h 30 min"
    assert duration_text(timedelta(minutes=30), "zh_Hans") == "30分钟"


def test_unknown_origin_or_zone_is_refused_with_its_code(engine: PromiseEngine) -> None:
    with pytest.raises(UnknownHub) as hub:
        compute_promise(engine, NETWORK, "XXX", "FR-75", at("2026-12-01T00:00:00Z"))
    assert hub.value.code == "unknown_hub"
    with pytest.raises(UnknownZone) as zone:
        compute_promise(engine, NETWORK, "HGH", "FR-99", at("2026-12-01T00:00:00Z"))
    assert zone.value.code == "unknown_zone"


def test_customs_territories_treat_the_eu_as_one() -> None:
    assert customs_territory("BE") == customs_territory("FR") == "EU"
    assert customs_territory("CN") == "CN"


def test_the_brussels_spring_change_moves_the_truck_an_hour_earlier_in_utc(engine: PromiseEngine) -> None:
    # 29 Mar 2026 Brussels goes from CET to CEST: the 06:00 truck leaves at 04:00Z (05:00Z the day before),
    # so a parcel ready at 03:30Z misses its 03:00Z cut-off and takes the next morning's truck.
    spring = PromiseEngine.for_network(NETWORK, start=at("2026-03-20T00:00:00Z"), days=30)
    promise = compute_promise(spring, NETWORK, "LGG", "FR-75", at("2026-03-29T03:30:00Z"))
    assert promise is not None
    assert [(leg.connection, leg.departs_at) for leg in promise.legs] == [
        ("LGG-FRPAR@2026-03-30", at("2026-03-30T04:00:00Z"))
    ]
    # Ready at FRPAR 10:00Z = 12:00 CEST, before 14:00: delivered on 31 Mar, by 23:59:59 CEST = 21:59:59Z.
    assert promise.delivered_by == at("2026-03-31T21:59:59Z")
    before = compute_promise(spring, NETWORK, "LGG", "FR-75", at("2026-03-28T03:30:00Z"))
    assert before is not None
    assert before.legs[0].departs_at == at("2026-03-28T05:00:00Z")
