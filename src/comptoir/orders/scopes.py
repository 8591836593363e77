"""The delegation scope orders checks: a brand lets a partner read and handle the brand store's orders."""

from __future__ import annotations

from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.scopes import DELEGATION_SCOPES

ORDERS = DELEGATION_SCOPES.register(
    "orders",
    capability="orders",
    label=lambda: _("Orders"),
    description="read the brand store's orders, ship them, cancel them and take returns",
)
