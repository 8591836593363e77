"""The landed-cost engine: the duties and taxes of a basket under the rules in force on its day (customs.md).

Pure: :func:`compute_landed_cost` reads a :class:`~comptoir.customs.domain.basket.Basket` and the
:class:`~comptoir.customs.domain.rules.CustomsRules` of its day, and answers a :class:`LandedCost`. A basket
that breaks the rules of customs is an answer too (``allowed`` false, ``error`` with a stable code and the
sentence for people); only a basket that is not one (a wrong currency, a quantity of 0) raises
:class:`~comptoir.customs.errors.BasketInvalid`.

Line values. Goods of a line are ``unit_price x quantity``; the discount is spread over the lines in
proportion to their goods, then freight + insurance in proportion to the goods after discount, each in whole
minor units by the largest remainder (ties to the earlier line), so the lines' taxable values always sum to
``goods - discount + freight + insurance``. Every tax is computed per line with Decimals at full precision and
rounded half-up to the minor unit, then summed.

FR-CN (CBEC), with v the VAT rate, c the consumption-tax rate and t the MFN tariff of the line's code:

- within the limits (order taxable value <= single_order_limit, year_to_date + value <= annual_limit):
  tariff 0, consumption tax ``value / (1 - c) x c x factor``, VAT ``value / (1 - c) x v x factor`` (factor 0.7);
- one indivisible item (one line, quantity 1) over the single-order limit, annual total within its limit:
  regime ``CBEC-full-rate``, tariff ``value x t``, consumption tax ``value x (1 + t) / (1 - c) x c``,
  VAT ``value x (1 + t) / (1 - c) x v``;
- any other order over the single-order limit: ``cbec_transaction_limit_exceeded``; past the annual limit:
  ``cbec_annual_limit_exceeded``; a code not on the positive list in force: ``not_on_positive_list``; a code
  with no rate: ``hs_code_unknown``.
- High-end cosmetics (rows with a high-end rate, 3303 and 3304): the unit's taxable price (line taxable value /
  quantity) per ml or g of net content, or per piece, at or above the row's threshold takes the high-end rate.
  A cosmetic with neither net content nor pieces is taken as high-end: the conservative choice, since customs
  would tax it so without proof of the contrary. When both are given, reaching either threshold is enough.

CN-FR (into France): codes must be subheadings of the HS nomenclature (``hs_code_unknown`` otherwise). Intrinsic
value = goods - discount. Excise goods (chapters 22 and 24) never use the IOSS. Up to the IOSS ceiling:
``EU-IOSS``, VAT at the French rate on each line's taxable value (goods + allocated delivery), tariff 0, and while
the flat duty is in force its amount per distinct 6-digit subheading, on the first line of each. Over it:
``EU-import``, tariff ``MFN x taxable value``, VAT on ``taxable value + tariff``; allowed, and collected at import
(:attr:`LandedCost.collected_at_import`, :data:`IMPORT_COLLECTION_NOTE`).

A refused quote still shows each line's taxable value; its taxes are zero, and ``regime`` is the one that would
have applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from comptoir.customs.domain.basket import Basket, BasketLine, check_basket
from comptoir.customs.domain.rules import CnRate, CustomsRules
from comptoir.customs.errors import REFUSAL_SENTENCES
from comptoir.kernel.errors import N_
from comptoir.kernel.money import Money
from comptoir.kernel.money_json import MoneyBody

CBEC = "CBEC"
CBEC_FULL_RATE = "CBEC-full-rate"
EU_IOSS = "EU-IOSS"
EU_IMPORT = "EU-import"
REGIMES = (CBEC, CBEC_FULL_RATE, EU_IOSS, EU_IMPORT)

#: What the checkout tells a buyer whose quote is ``EU-import`` (msgid for ``_``).
IMPORT_COLLECTION_NOTE = N_(
    "This parcel is too valuable for VAT to be collected at checkout: customs duty and import VAT are "
    "collected at import, when the parcel arrives in France."
)

#: Decimal digits the computations keep (far more than any amount and rate need, so nothing is lost before rounding).
_PRECISION = 60


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why customs would refuse the basket: a stable ``code`` and the sentence for people (a msgid)."""

    code: str
    message: str

    @classmethod
    def of(cls, code: str) -> Refusal:
        return cls(code, REFUSAL_SENTENCES[code])


@dataclass(frozen=True, slots=True)
class LineTaxes:
    sku: str
    taxable_value: Money
    tariff: Money
    consumption_tax: Money
    vat: Money
    duty: Money  # the EU flat duty per subheading

    @property
    def tax(self) -> Money:
        return self.tariff + self.consumption_tax + self.vat + self.duty


@dataclass(frozen=True, slots=True)
class TaxTotals:
    taxable_value: Money
    tariff: Money
    consumption_tax: Money
    vat: Money
    duty: Money
    tax: Money

    @classmethod
    def of(cls, lines: Sequence[LineTaxes], currency: str) -> TaxTotals:
        def total(name: str) -> Money:
            return Money(sum(getattr(line, name).minor for line in lines), currency)

        tariff, consumption_tax, vat, duty = (total(name) for name in ("tariff", "consumption_tax", "vat", "duty"))
        tax = Money(tariff.minor + consumption_tax.minor + vat.minor + duty.minor, currency)
        return cls(total("taxable_value"), tariff, consumption_tax, vat, duty, tax)


@dataclass(frozen=True, slots=True)
class LandedCost:
    """A quote: whether customs lets the basket in, under which regime, and the taxes per line and in total.

    ``annual_remaining`` is the buyer's CBEC allowance left after this order (FR-CN; when refused, what was left
    before it), never below zero; ``rules`` names every rule version the quote used.
    """

    allowed: bool
    regime: str
    error: Refusal | None
    lines: tuple[LineTaxes, ...]
    totals: TaxTotals
    annual_remaining: Money | None
    rules: tuple[str, ...]

    @property
    def collected_at_import(self) -> bool:
        """Duty and VAT are paid when the parcel is imported, not at checkout (see :data:`IMPORT_COLLECTION_NOTE`)."""
        return self.regime == EU_IMPORT

    def as_json(self) -> dict[str, Any]:
        """The answer of ``comptoir customs quote --json``, exactly (docs/customs.md)."""
        return {
            "allowed": self.allowed,
            "regime": self.regime,
            "error": None if self.error is None else {"code": self.error.code, "message": self.error.message},
            "lines": [
                {
                    "sku": line.sku,
                    "taxable_value": _money(line.taxable_value),
                    "tariff": _money(line.tariff),
                    "consumption_tax": _money(line.consumption_tax),
                    "vat": _money(line.vat),
                    "duty": _money(line.duty),
                }
                for line in self.lines
            ],
            "totals": {
                "taxable_value": _money(self.totals.taxable_value),
                "tariff": _money(self.totals.tariff),
                "consumption_tax": _money(self.totals.consumption_tax),
                "vat": _money(self.totals.vat),
                "duty": _money(self.totals.duty),
                "tax": _money(self.totals.tax),
            },
            "annual_remaining": None if self.annual_remaining is None else _money(self.annual_remaining),
            "rules": list(self.rules),
        }


def _money(amount: Money) -> dict[str, Any]:
    return MoneyBody.of(amount).model_dump()


def allocate_largest_remainder(amount: int, weights: Sequence[int]) -> list[int]:
    """``amount`` (minor units, >= 0) split in proportion to ``weights`` by the largest remainder: the parts sum to
    ``amount`` exactly, ties go to the earlier weight. All-zero weights split it evenly."""
    if not weights:
        return []
    if sum(weights) == 0:
        weights = [1] * len(weights)
    total = sum(weights)
    parts = [amount * w // total for w in weights]
    remainders = [amount * w % total for w in weights]
    left = amount - sum(parts)
    for index in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:left]:
        parts[index] += 1
    return parts


def line_taxable_values(basket: Basket) -> list[Money]:
    """Each line's taxable value: its goods less its share of the discount, plus its share of freight + insurance."""
    currency = basket.currency
    goods = [line.goods.minor for line in basket.lines]
    discount = basket.discount.minor if basket.discount else 0
    after_discount = [g - d for g, d in zip(goods, allocate_largest_remainder(discount, goods), strict=True)]
    delivery = basket.freight.minor + (basket.insurance.minor if basket.insurance else 0)
    shares = allocate_largest_remainder(delivery, after_discount)
    return [Money(value + share, currency) for value, share in zip(after_discount, shares, strict=True)]


def compute_landed_cost(basket: Basket, rules: CustomsRules) -> LandedCost:
    """The duties and taxes of ``basket`` under ``rules`` (those in force on ``basket.on``)."""
    check_basket(basket)
    with localcontext() as context:
        context.prec = _PRECISION
        if basket.lane == "FR-CN":
            return _cbec(basket, rules)
        return _into_france(basket, rules)


def _round(amount: Decimal, currency: str) -> Money:
    return Money.from_decimal_rounded(amount, currency)


def _untaxed(lines: Sequence[BasketLine], values: Sequence[Money]) -> tuple[LineTaxes, ...]:
    zero = Money.zero(values[0].currency)
    return tuple(LineTaxes(line.sku, value, zero, zero, zero, zero) for line, value in zip(lines, values, strict=True))


def _answer(
    *,
    allowed: bool,
    regime: str,
    code: str | None,
    lines: tuple[LineTaxes, ...],
    currency: str,
    annual_remaining: Money | None,
    used: set[str],
) -> LandedCost:
    return LandedCost(
        allowed=allowed,
        regime=regime,
        error=None if code is None else Refusal.of(code),
        lines=lines,
        totals=TaxTotals.of(lines, currency),
        annual_remaining=annual_remaining,
        rules=tuple(sorted(used)),
    )


def _cbec(basket: Basket, rules: CustomsRules) -> LandedCost:
    currency = basket.currency
    values = line_taxable_values(basket)
    value = Money(sum(v.minor for v in values), currency)
    year_to_date = basket.year_to_date or Money.zero(currency)
    used: set[str] = set()

    def refuse(code: str, regime: str = CBEC, remaining: Money | None = None) -> LandedCost:
        return _answer(
            allowed=False,
            regime=regime,
            code=code,
            lines=_untaxed(basket.lines, values),
            currency=currency,
            annual_remaining=remaining,
            used=used,
        )

    limits = rules.cn_limits
    single, annual, factor = (limits.get(k) for k in ("single_order_limit", "annual_limit", "within_limits_factor"))
    if single is None or annual is None or factor is None or single.money is None or annual.money is None:
        return refuse("no_customs_rules")
    if factor.ratio is None:
        return refuse("no_customs_rules")
    used.update((single.label, annual.label, factor.label))
    before = annual.money - year_to_date
    remaining_before = before if Money.zero(currency) <= before else Money.zero(currency)

    positive = rules.positive_list
    if positive is not None:
        used.add(f"positive-list:{positive.edition}")
    if positive is None or not positive.in_force_on(basket.on):
        return refuse("not_on_positive_list", remaining=remaining_before)
    if any(not positive.contains(line.hs_code) for line in basket.lines):
        return refuse("not_on_positive_list", remaining=remaining_before)
    rates: list[CnRate] = []
    for line in basket.lines:
        rate = rules.cn_rate(line.hs_code)
        if rate is None:
            return refuse("hs_code_unknown", remaining=remaining_before)
        rates.append(rate)
        used.add(rate.label)

    within_annual = year_to_date + value <= annual.money
    if single.money < value:
        single_item = len(basket.lines) == 1 and basket.lines[0].quantity == 1
        if not single_item:
            return refuse("cbec_transaction_limit_exceeded", remaining=remaining_before)
        if not within_annual:
            return refuse("cbec_annual_limit_exceeded", CBEC_FULL_RATE, remaining_before)
        regime = CBEC_FULL_RATE
    elif not within_annual:
        return refuse("cbec_annual_limit_exceeded", remaining=remaining_before)
    else:
        regime = CBEC

    taxed = []
    for line, line_value, rate in zip(basket.lines, values, rates, strict=True):
        v = rate.vat
        c = consumption_tax_rate(rate, line, line_value)
        amount = line_value.to_decimal()
        if regime == CBEC:
            base = amount / (1 - c)
            tariff = Decimal(0)
            consumption, vat = base * c * factor.ratio, base * v * factor.ratio
        else:
            t = rate.mfn_tariff
            base = amount * (1 + t) / (1 - c)
            tariff, consumption, vat = amount * t, base * c, base * v
        taxed.append(
            LineTaxes(
                line.sku,
                line_value,
                _round(tariff, currency),
                _round(consumption, currency),
                _round(vat, currency),
                Money.zero(currency),
            )
        )
    return _answer(
        allowed=True,
        regime=regime,
        code=None,
        lines=tuple(taxed),
        currency=currency,
        annual_remaining=annual.money - year_to_date - value,
        used=used,
    )


def is_high_end(rate: CnRate, line: BasketLine, taxable_value: Money) -> bool:
    """Whether a cosmetic line takes the high-end consumption tax (see the module's text for the rule)."""
    if rate.high_end_consumption_tax is None:
        return False
    unit_price = taxable_value.to_decimal() / line.quantity
    measured = False
    if line.net_content is not None and rate.high_end_per_ml_g is not None:
        measured = True
        if unit_price / line.net_content.value >= rate.high_end_per_ml_g:
            return True
    if line.pieces is not None and rate.high_end_per_piece is not None:
        measured = True
        if unit_price / line.pieces >= rate.high_end_per_piece:
            return True
    return not measured


def consumption_tax_rate(rate: CnRate, line: BasketLine, taxable_value: Money) -> Decimal:
    """The consumption-tax rate of a line: the high-end one for high-end cosmetics, else the row's."""
    if rate.high_end_consumption_tax is not None and is_high_end(rate, line, taxable_value):
        return rate.high_end_consumption_tax
    return rate.consumption_tax


def _into_france(basket: Basket, rules: CustomsRules) -> LandedCost:
    currency = basket.currency
    values = line_taxable_values(basket)
    used: set[str] = set()
    intrinsic = basket.goods - (basket.discount or Money.zero(currency))
    ceiling = rules.eu_low_value.get("ioss_ceiling")
    excise = [rules.excise_label(line.hs_code) for line in basket.lines]
    used.update(rules.excise.values())

    def refuse(code: str, regime: str) -> LandedCost:
        return _answer(
            allowed=False,
            regime=regime,
            code=code,
            lines=_untaxed(basket.lines, values),
            currency=currency,
            annual_remaining=None,
            used=used,
        )

    if ceiling is None or ceiling.money is None:
        return refuse("no_customs_rules", EU_IMPORT)
    used.add(ceiling.label)
    regime = EU_IMPORT if any(excise) or ceiling.money < intrinsic else EU_IOSS
    if any(line.hs_code[:6] not in rules.hs_subheadings for line in basket.lines):
        return refuse("hs_code_unknown", regime)
    vat_rates = []
    for line in basket.lines:
        found = rules.french_vat(line.hs_code)
        if found is None:
            return refuse("no_customs_rules", regime)
        used.add(found.label)
        vat_rates.append(found.rate)

    taxed = []
    if regime == EU_IOSS:
        flat = rules.eu_low_value.get("flat_duty_per_subheading")
        if flat is not None and flat.money is not None:
            used.add(flat.label)
        seen: set[str] = set()
        for line, value, vat_rate in zip(basket.lines, values, vat_rates, strict=True):
            duty = Money.zero(currency)
            if flat is not None and flat.money is not None and line.hs_code[:6] not in seen:
                duty = flat.money
            seen.add(line.hs_code[:6])
            zero = Money.zero(currency)
            vat = _round(value.to_decimal() * vat_rate, currency)
            taxed.append(LineTaxes(line.sku, value, zero, zero, vat, duty))
    else:
        for line, value, vat_rate in zip(basket.lines, values, vat_rates, strict=True):
            duty_rate = rules.eu_duty(line.hs_code)
            if duty_rate is None:
                return refuse("hs_code_unknown", regime)
            used.add(duty_rate.label)
            tariff = _round(value.to_decimal() * duty_rate.rate, currency)
            vat = _round((value + tariff).to_decimal() * vat_rate, currency)
            zero = Money.zero(currency)
            taxed.append(LineTaxes(line.sku, value, tariff, zero, vat, zero))
    return _answer(
        allowed=True,
        regime=regime,
        code=None,
        lines=tuple(taxed),
        currency=currency,
        annual_remaining=None,
        used=used,
    )
