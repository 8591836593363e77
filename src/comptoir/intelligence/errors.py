"""Errors of the intelligence capability (stable codes).

ComptoirError
 └── SearchUnavailableNow   search_unavailable (503)   the search index cannot answer now; try again shortly
"""

from __future__ import annotations

from comptoir.kernel.errors import N_, ComptoirError


class SearchUnavailableNow(ComptoirError):
    """The search index could not answer (locked, damaged, or its server unreachable); nothing changed."""

    code = "search_unavailable"
    status = 503
    title = N_("Search unavailable")
    sentence = N_("Search cannot answer for a moment; try again shortly.")

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": "5"}
