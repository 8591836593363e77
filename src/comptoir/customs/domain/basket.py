"""What a landed-cost quote is asked about: a basket on a trade lane, and the JSON it is read from.

The JSON (docs/customs.md)::

    {"lane": "FR-CN", "date": "2026-06-01", "buyer": {"year_to_date": {"currency": "CNY", "value": "0.00"}},
     "lines": [{"sku": "WINE-1", "hs_code": "22042100", "description": "Bordeaux 2019",
                "unit_price": {"currency": "CNY", "value": "300.00"}, "quantity": 2,
                "net_content": {"value": 750, "unit": "ml"}, "pieces": 1}],
     "freight": {"currency": "CNY", "value": "30.00"}, "insurance": ..., "discount": ...}

:func:`parse_basket` reads it and raises :class:`~comptoir.customs.errors.BasketInvalid` naming the first
field that is missing or wrong (``lines[1].quantity: must be a whole number from 1 to 10000``);
:func:`check_basket` holds a :class:`Basket` built in code to the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from comptoir.customs.errors import BasketInvalid
from comptoir.kernel.money import Money, MoneyError

Lane = Literal["FR-CN", "CN-FR"]
NetUnit = Literal["ml", "g"]

#: The currency every amount of a basket on a lane is in.
LANE_CURRENCY: dict[str, str] = {"FR-CN": "CNY", "CN-FR": "EUR"}
#: The most units of one line, pieces per unit, lines of a basket and ml or g of one unit that are believed.
MAX_QUANTITY = 10_000
MAX_PIECES = 10_000
MAX_LINES = 200
MAX_NET_CONTENT = 1_000_000

_HS8 = re.compile(r"^\d{8}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AMOUNT = re.compile(r"^\d{1,12}(\.\d{1,4})?$")


@dataclass(frozen=True, slots=True)
class NetContent:
    """The net content of one unit: ``value`` millilitres or grams."""

    value: int
    unit: NetUnit


@dataclass(frozen=True, slots=True)
class BasketLine:
    sku: str
    hs_code: str  # 8 digits
    description: str
    unit_price: Money
    quantity: int
    net_content: NetContent | None = None
    pieces: int | None = None  # pieces (or sheets) per unit

    @property
    def goods(self) -> Money:
        return Money(self.unit_price.minor * self.quantity, self.unit_price.currency)


@dataclass(frozen=True, slots=True)
class Basket:
    """An order to quote: its ``lane``, the day whose rules apply, its lines and what the buyer pays on top.

    ``year_to_date`` (FR-CN) is what the buyer imported through CBEC this calendar year before this order;
    ``country`` (CN-FR) the destination country. ``discount`` is a coupon on the goods only.
    """

    lane: Lane
    on: date
    lines: tuple[BasketLine, ...]
    freight: Money
    insurance: Money | None = None
    discount: Money | None = None
    year_to_date: Money | None = None
    country: str | None = None

    @property
    def currency(self) -> str:
        return LANE_CURRENCY[self.lane]

    @property
    def goods(self) -> Money:
        total = Money.zero(self.currency)
        for line in self.lines:
            total = total + line.goods
        return total


def check_basket(basket: Basket) -> None:
    """Raise :class:`BasketInvalid` when ``basket`` breaks a rule its JSON form would be refused for."""
    if basket.lane not in LANE_CURRENCY:
        raise BasketInvalid("lane", f"must be FR-CN or CN-FR, not {basket.lane!r}")
    currency = basket.currency
    if not basket.lines:
        raise BasketInvalid("lines", "must hold at least one line")
    if len(basket.lines) > MAX_LINES:
        raise BasketInvalid("lines", f"holds {len(basket.lines)} lines; at most {MAX_LINES}")
    amounts: list[tuple[str, Money | None]] = [
        ("freight", basket.freight),
        ("insurance", basket.insurance),
        ("discount", basket.discount),
        ("buyer.year_to_date", basket.year_to_date),
    ]
    for index, line in enumerate(basket.lines):
        where = f"lines[{index}]"
        if not isinstance(line.sku, str) or not line.sku.strip():
            raise BasketInvalid(f"{where}.sku", "must be a non-empty string")
        if not isinstance(line.hs_code, str) or not _HS8.match(line.hs_code):
            raise BasketInvalid(f"{where}.hs_code", "must be a string of exactly 8 digits, e.g. 22042100")
        _check_count(f"{where}.quantity", line.quantity, MAX_QUANTITY)
        if line.pieces is not None:
            _check_count(f"{where}.pieces", line.pieces, MAX_PIECES)
        if line.net_content is not None:
            _check_count(f"{where}.net_content.value", line.net_content.value, MAX_NET_CONTENT)
            if line.net_content.unit not in ("ml", "g"):
                raise BasketInvalid(f"{where}.net_content.unit", "must be ml or g")
        amounts.append((f"{where}.unit_price", line.unit_price))
    for name, amount in amounts:
        if amount is None:
            continue
        if amount.currency != currency:
            raise BasketInvalid(f"{name}.currency", f"must be {currency} on the {basket.lane} lane")
        if amount.minor < 0:
            raise BasketInvalid(f"{name}.value", "must not be negative")
    if basket.discount is not None and basket.goods < basket.discount:
        raise BasketInvalid("discount", "is more than the goods it reduces")
    if basket.lane == "FR-CN" and basket.year_to_date is None:
        raise BasketInvalid("buyer.year_to_date", "is required on the FR-CN lane")
    if basket.lane == "CN-FR" and basket.country != "FR":
        raise BasketInvalid("buyer.country", "must be FR: the CN-FR lane prices imports into France")


def _check_count(name: str, value: object, most: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise BasketInvalid(name, f"must be a whole number from 1 to {most}")


def parse_basket(document: object) -> Basket:
    """The :class:`Basket` of a decoded JSON ``document``; :class:`BasketInvalid` names the first bad field."""
    body = _object(document, "basket")
    lane = body.get("lane")
    if lane not in LANE_CURRENCY:
        raise BasketInvalid("lane", 'must be "FR-CN" or "CN-FR"' if "lane" in body else "is missing")
    currency = LANE_CURRENCY[lane]
    on = _date(body, "date")
    buyer = _object(_required(body, "buyer", "buyer"), "buyer")
    year_to_date = country = None
    if lane == "FR-CN":
        year_to_date = _money(_required(buyer, "year_to_date", "buyer.year_to_date"), "buyer.year_to_date", currency)
    else:
        country = _required(buyer, "country", "buyer.country")
        if not isinstance(country, str):
            raise BasketInvalid("buyer.country", "must be a string such as FR")
    raw_lines = _required(body, "lines", "lines")
    if not isinstance(raw_lines, list) or not raw_lines:
        raise BasketInvalid("lines", "must be a non-empty list of lines")
    if len(raw_lines) > MAX_LINES:
        raise BasketInvalid("lines", f"holds {len(raw_lines)} lines; at most {MAX_LINES}")
    lines = tuple(_line(item, f"lines[{i}]", currency) for i, item in enumerate(raw_lines))
    freight = _money(_required(body, "freight", "freight"), "freight", currency)
    insurance = _optional_money(body, "insurance", currency)
    discount = _optional_money(body, "discount", currency)
    basket = Basket(lane, on, lines, freight, insurance, discount, year_to_date, country)
    check_basket(basket)
    return basket


def _object(value: object, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BasketInvalid(name, "must be a JSON object")
    return value


def _required(body: dict[str, Any], key: str, name: str) -> Any:
    if key not in body or body[key] is None:
        raise BasketInvalid(name, "is missing")
    return body[key]


def _date(body: dict[str, Any], key: str) -> date:
    text = _required(body, key, key)
    try:
        if not isinstance(text, str) or not _DAY.match(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise BasketInvalid(key, "must be a date YYYY-MM-DD") from None


def _money(value: object, name: str, currency: str) -> Money:
    body = _object(value, name)
    given = body.get("currency")
    if not isinstance(given, str):
        raise BasketInvalid(f"{name}.currency", "is missing" if "currency" not in body else "must be a string")
    if given != currency:
        raise BasketInvalid(f"{name}.currency", f"must be {currency} on this lane, not {given!r}")
    amount = body.get("value")
    if not isinstance(amount, str) or not _AMOUNT.match(amount):
        raise BasketInvalid(f"{name}.value", 'must be a decimal string of at least 0, e.g. "128.00"')
    try:
        return Money.parse(amount, currency)
    except MoneyError as exc:
        raise BasketInvalid(f"{name}.value", str(exc)) from None


def _optional_money(body: dict[str, Any], key: str, currency: str) -> Money | None:
    return None if body.get(key) is None else _money(body[key], key, currency)


def _line(value: object, where: str, currency: str) -> BasketLine:
    item = _object(value, where)
    texts = {}
    for key in ("sku", "hs_code", "description"):
        text = _required(item, key, f"{where}.{key}")
        if not isinstance(text, str):
            raise BasketInvalid(f"{where}.{key}", "must be a string")
        texts[key] = text
    if not _HS8.match(texts["hs_code"]):
        raise BasketInvalid(f"{where}.hs_code", "must be a string of exactly 8 digits, e.g. 22042100")
    quantity = _required(item, "quantity", f"{where}.quantity")
    _check_count(f"{where}.quantity", quantity, MAX_QUANTITY)
    pieces = item.get("pieces")
    if pieces is not None:
        _check_count(f"{where}.pieces", pieces, MAX_PIECES)
    net_content = None
    if item.get("net_content") is not None:
        raw = _object(item["net_content"], f"{where}.net_content")
        amount = _required(raw, "value", f"{where}.net_content.value")
        _check_count(f"{where}.net_content.value", amount, MAX_NET_CONTENT)
        unit = _required(raw, "unit", f"{where}.net_content.unit")
        if unit not in ("ml", "g"):
            raise BasketInvalid(f"{where}.net_content.unit", 'must be "ml" or "g"')
        net_content = NetContent(amount, unit)
    return BasketLine(
        sku=texts["sku"],
        hs_code=texts["hs_code"],
        description=texts["description"],
        unit_price=_money(_required(item, "unit_price", f"{where}.unit_price"), f"{where}.unit_price", currency),
        quantity=quantity,
        net_content=net_content,
        pieces=pieces,
    )
