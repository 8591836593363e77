"""The delegation scope identity checks itself: ``content``, the brand's public profile.

Registered in the kernel's registry when identity is imported; the other scopes a brand can
grant are registered by the capabilities that check them (orders, payments...), once they exist.
"""

from __future__ import annotations

from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.scopes import DELEGATION_SCOPES

CONTENT = DELEGATION_SCOPES.register(
    "content",
    capability="identity",
    label=lambda: _("Content"),
    description="edit the brand's public profile and product content",
)
