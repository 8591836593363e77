"""The delegation scope payments checks: a brand lets a partner run its tills, refund and read its payments."""

from __future__ import annotations

from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.scopes import DELEGATION_SCOPES

PAYMENTS = DELEGATION_SCOPES.register(
    "payments",
    capability="payments",
    label=lambda: _("Payments"),
    description="run the brand's tills, refund its payments and read its balances",
)
