"""Server-rendered pages of the localization capability: the partner's translation queue and job pages.

- :mod:`.translations`: the routes and the partner's "Translations" space (:data:`SPACES`);
- :mod:`.words`: statuses, draft origins, severities and the findings' reasons in the reader's language.

The templates are in ``localization/templates/localization`` (the kernel finds every capability's there).
"""

from __future__ import annotations

from comptoir.localization.pages.translations import SPACES, router

__all__ = ["SPACES", "router"]
