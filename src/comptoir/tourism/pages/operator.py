"""The platform operator's cashless-Paris dashboard (template ``tourism/cashless_paris.html``): a map of Paris
drawn from the shipped arrondissement outlines, shaded by accepting shops with their number and a dot per shop
by category; shops by arrondissement and category; wallet payments per day; tourists' spend, the online spend
attributed to their visits and its share; over 30, 90 or 365 days."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from comptoir.kernel import i18n
from comptoir.kernel.auth import require_kind
from comptoir.kernel.errors import PermissionDenied
from comptoir.kernel.pages import render
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import transact
from comptoir.tourism import services
from comptoir.tourism.pages import words
from comptoir.tourism.pages.charts import ColumnChart, column_chart
from comptoir.tourism.pages.paris_map import paris_map

router = APIRouter(include_in_schema=False)

PATH = "/tourism/cashless-paris"
PERIODS = (30, 90, 365)

Operator = Annotated[
    Principal,
    Depends(
        require_kind(
            OrganisationKind.PLATFORM,
            refusal=lambda: PermissionDenied(
                i18n.gettext("Only the platform operator reads the cashless-Paris dashboard.")
            ),
        )
    ),
]


def payments_chart(board: services.CashlessParis) -> ColumnChart:
    _ = i18n.gettext
    return column_chart(
        _("Wallet payments per day"),
        _("One column per day of the period, oldest on the left: wallet payments in every accepting shop."),
        (_("Day"), _("Payments"), _("Amount")),
        [
            (
                words.short_day(d.day),
                d.payments,
                words.number(d.payments),
                (i18n.format_money(d.amount.minor, d.amount.currency),),
            )
            for d in board.days
        ],
    )


@router.get(PATH, response_class=HTMLResponse)
async def dashboard(
    request: Request,
    runtime: RuntimeDep,
    principal: Operator,
    days: Annotated[int, Query(ge=1, le=366)] = 90,
) -> Response:
    period = days if days in PERIODS else 90
    board = await transact(runtime, partial(services.cashless_paris, principal=principal, days=period))
    names = words.category_names()
    drawn = paris_map(
        {a.number: a.shops for a in board.arrondissements},
        [(lat, lon, words.CATEGORY_COLOURS[category], names[category]) for _, lat, lon, category in board.positions],
    )
    used = [c for c, n in board.categories.items() if n]
    return render(
        request,
        "tourism/cashless_paris.html",
        {
            "board": board,
            "map": drawn,
            "chart": payments_chart(board),
            "days": period,
            "periods": PERIODS,
            "categories": names,
            "used_categories": used,
            "colours": words.CATEGORY_COLOURS,
            "share": words.share_text(board.share_permille),
            "money": i18n.format_money,
            "number": words.number,
            "day_text": words.day_text,
        },
    )
