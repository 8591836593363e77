"""Errors of the customs capability, each with a stable code.

A landed-cost quote that customs would refuse is an answer, not an exception: its ``error`` carries one of the
codes of :class:`CustomsRefused` (or ``cbec_annual_limit_exceeded``) with the sentence for people declared here,
so a page shows it through ``_`` in the reader's language. The same codes are raised when a use case must stop
(a checkout recording a buyer's annual total past the limit).

ComptoirError
 ├── InvalidInput (422)
 │    ├── BasketInvalid         basket_invalid          a basket that is not one (``field`` names what is wrong)
 │    └── CustomsRulesInvalid   customs_rules_invalid   a rule file with bad lines (each named); nothing was loaded
 ├── NotFound (404)
 │    └── CustomsNotFound       customs_filing_not_found
 └── Conflict (409)
      ├── CustomsRefused        cbec_transaction_limit_exceeded | not_on_positive_list | hs_code_unknown |
      │                         no_customs_rules
      ├── AnnualLimitExceeded   cbec_annual_limit_exceeded
      └── DeclarationConflict   declaration_exists      an order declared again with other documents
"""

from __future__ import annotations

from dataclasses import dataclass

from comptoir.kernel.errors import N_, Conflict, InvalidInput, NotFound, declared


class BasketInvalid(InvalidInput):
    """A basket that cannot be quoted: a missing or wrong-typed field, a currency that is not the lane's, a
    quantity out of range. ``field`` names it the way the basket's JSON does (``lines[1].quantity``)."""

    code = "basket_invalid"
    title = N_("Invalid basket")
    sentence = N_("The basket cannot be quoted: one of its fields is missing or wrong.")

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}", field=field)
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """One bad line of a rule file: the file, its line number (1 is the first line; 0 the file itself) and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file} line {self.line}: {self.reason}" if self.line else f"{self.file}: {self.reason}"


class CustomsRulesInvalid(InvalidInput):
    """A customs rule file with at least one bad line; ``problems`` lists every one. Nothing was loaded."""

    code = "customs_rules_invalid"
    title = N_("Invalid customs rules")
    sentence = N_("The customs rule file has problems; nothing was loaded. Each problem is listed with its line.")

    def __init__(self, problems: list[RuleProblem]) -> None:
        first = str(problems[0]) if problems else "no details"
        super().__init__(f"{len(problems)} problem(s) in the customs rules; first: {first}")
        self.problems = list(problems)


class CustomsRefused(Conflict):
    """Customs would not let this order in as it is (the quote's ``error`` carries the same code)."""

    code = "cbec_transaction_limit_exceeded"
    title = N_("Refused by customs rules")
    sentence = N_(
        "This order is over the limit for one cross-border order into China. Split it into several orders, "
        "or order a single item on its own."
    )
    codes = declared(
        not_on_positive_list=N_(
            "One of these products may not be sold to China as a cross-border import: it is not on the "
            "positive list of goods allowed. Remove it from the order."
        ),
        hs_code_unknown=N_(
            "Customs cannot price one of these products: its tariff code is unknown or has no tax rate on "
            "record. Remove it from the order or ask the seller."
        ),
        no_customs_rules=N_("No customs rules are in force on this date, so this order cannot be priced."),
    )


class AnnualLimitExceeded(Conflict):
    """The order would take the buyer past the CBEC annual limit (per person and calendar year)."""

    code = "cbec_annual_limit_exceeded"
    title = N_("Annual limit reached")
    sentence = N_(
        "This order would take you past the amount a person may import through cross-border shopping in "
        "one calendar year. Lower the amount or wait until next year."
    )


class CustomsNotFound(NotFound):
    code = "customs_filing_not_found"
    title = N_("No such customs filing")
    sentence = N_("This customs filing does not exist.")


class DeclarationConflict(Conflict):
    """The order was declared already, with other documents."""

    code = "declaration_exists"
    title = N_("Already declared")
    sentence = N_("This order has been declared to customs already, with other documents.")


#: The sentence for people of each refusal a quote may carry, by code (the msgids of the catalogs).
REFUSAL_SENTENCES: dict[str, str] = {
    CustomsRefused.code: CustomsRefused.sentence,
    **CustomsRefused.codes,
    AnnualLimitExceeded.code: AnnualLimitExceeded.sentence,
}
