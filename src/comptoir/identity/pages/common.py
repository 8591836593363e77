"""What every identity page shares: redirects that HTMX understands, flash messages, form errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlencode

from babel.numbers import format_percent
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.identity.domain import DELEGATING_KINDS, TEXT_FIELDS
from comptoir.identity.errors import WrongOrganisationKind
from comptoir.identity.pages.forms import message_for
from comptoir.identity.pages.lengths import length_hints
from comptoir.kernel import i18n
from comptoir.kernel.auth import require_kind
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.pages import render
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.scopes import DELEGATION_SCOPES
from comptoir.kernel.spaces import site_spaces


def see_other(request: Request, url: str, *, done: str | None = None) -> Response:
    """Redirect after a successful POST; HTMX requests get an ``HX-Redirect`` instead of a 303."""
    target = url + (("&" if "?" in url else "?") + urlencode({"done": done}) if done else "")
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def done_messages() -> dict[str, str]:
    return {
        "accredited": _("The partner is accredited: brands can now choose it."),
        "suspended": _("The partner is suspended; its delegations no longer work."),
        "rejected": _("The application is rejected; the partner reads your reason and may apply again."),
        "granted": _("Delegation granted."),
        "scopes_changed": _("Scopes changed; they apply from the partner's next request."),
        "revoked": _("Delegation revoked; the partner's next request will be refused."),
        "saved": _("Profile saved."),
        "key_revoked": _("API key revoked."),
        "applied": _("Application sent; the platform operator will review it."),
    }


def status_names() -> dict[str, dict[str, str]]:
    """Every status a page shows, by what it is the status of, in the reader's language (one table for all)."""
    return {
        "partner": {
            "pending": _("pending"),
            "accredited": _("accredited"),
            "suspended": _("suspended"),
            "rejected": _("rejected"),
        },
        "delegation": {
            "active": _("in force"),
            "revoked": _("revoked"),
            "suspended": _("suspended with the partner"),
        },
        "api_key": {"active": _("in use"), "revoked": _("revoked")},
    }


def flashes(request: Request) -> list[tuple[str, str]]:
    done = request.query_params.get("done")
    message = done_messages().get(done or "")
    return [("ok", message)] if message else []


def error_flash(error: ComptoirError) -> list[tuple[str, str]]:
    return [("error", message_for(error))]


# Whose space a page is: anyone else signed in is refused with ``403 wrong_organisation_kind``, in their language.
InBrandSpace = Annotated[
    Principal,
    Depends(
        require_kind(
            *DELEGATING_KINDS, refusal=lambda: WrongOrganisationKind(_("This space is for brands and small merchants."))
        )
    ),
]
InPartnerSpace = Annotated[
    Principal,
    Depends(
        require_kind(
            OrganisationKind.PARTNER, refusal=lambda: WrongOrganisationKind(_("This space is for accredited partners."))
        )
    ),
]
InOperatorSpace = Annotated[
    Principal,
    Depends(
        require_kind(
            OrganisationKind.PLATFORM,
            refusal=lambda: WrongOrganisationKind(_("This space is for the platform operator.")),
        )
    ),
]


def home_of(request: Request, principal: Principal) -> str:
    """Where a person lands after signing in: the home of its space, as the site's spaces say."""
    return site_spaces(request).home_of(principal)


def commission(bps: int) -> str:
    return format_percent(Decimal(bps) / Decimal(10_000), format="#,##0.##%", locale=i18n.babel_locale())


def scope_names() -> dict[str, str]:
    """Every scope a brand can grant, by name, as the reader's language says it (from the kernel's registry)."""
    return {s.name: s.label() for s in DELEGATION_SCOPES.definitions()}


def service_names() -> dict[str, str]:
    return {
        "store_setup": _("Store set-up"),
        "chinese_content": _("Chinese content"),
        "marketing": _("Marketing"),
        "customer_service": _("Customer service"),
        "fulfilment": _("Fulfilment"),
    }


def page(request: Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200) -> HTMLResponse:
    """Render an identity page with the shared helpers available to its template."""
    values: dict[str, Any] = {
        "flashes": flashes(request),
        "scope_names": scope_names(),
        "status_names": status_names(),
        "service_names": service_names(),
        "commission": commission,
        "text_fields": TEXT_FIELDS,
        "length_hints": length_hints(),
    }
    values.update(context or {})
    return render(request, template, values, status=status)
