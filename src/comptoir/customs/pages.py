"""The operator's customs desk: every order's three filings, their status, and the mismatches between them."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from comptoir.customs import services
from comptoir.kernel import i18n
from comptoir.kernel.auth import PlatformOperator
from comptoir.kernel.pages import render
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.spaces import NavLink, Space
from comptoir.kernel.unit_of_work import transact

router = APIRouter(include_in_schema=False)


def _words() -> dict[str, str]:
    _ = i18n.gettext
    return {
        "order": _("Order"),
        "payment": _("Payment"),
        "waybill": _("Waybill"),
        "filed": _("Filed"),
        "accepted": _("Accepted"),
        "rejected": _("Rejected"),
        "cleared": _("Cleared"),
    }


@router.get("/operator/customs", response_class=HTMLResponse)
async def desk(request: Request, runtime: RuntimeDep, principal: PlatformOperator) -> HTMLResponse:
    declarations = await transact(runtime, partial(services.filings_page, principal=principal, limit=100))
    return render(request, "customs/operator.html", {"declarations": declarations, "words": _words()})


SPACES = (
    Space(
        name="operator_customs",
        kinds=frozenset({OrganisationKind.PLATFORM}),
        home="/operator/customs",
        persona=lambda: i18n.gettext("Platform operator"),
        title=lambda: i18n.gettext("Customs filings"),
        blurb=lambda: i18n.gettext("Each order's three customs documents, what customs answered, and mismatches."),
        links=(NavLink("/operator/customs", lambda: i18n.gettext("Customs filings")),),
        rank=14,
    ),
)
