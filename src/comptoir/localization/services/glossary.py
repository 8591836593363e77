"""The glossary's use cases: a brand's terms (the brand, or a partner holding its ``content`` scope) and the
global ones (the platform operator); anyone signed in reads the global terms.

A brand's terms are checked with identity's :func:`~comptoir.identity.authorize_for_brand`, in the
change's own transaction, so a revoked delegation stops a partner's very next change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from comptoir import identity
from comptoir.kernel.ids import new_id
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page, page_size
from comptoir.kernel.principal import Principal
from comptoir.kernel.text import TextRefused, check_text
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.localization import repository as repo
from comptoir.localization.domain import GlossaryTerm
from comptoir.localization.errors import (
    GlobalGlossaryDenied,
    GlossaryTermExists,
    GlossaryTermInvalid,
    LocalizationNotFound,
)

CONTENT_SCOPE = "content"
TERM_MAX = 120
NOTE_MAX = 500


@dataclass(frozen=True, slots=True)
class SeedTerm:
    """A term the demo or an import brings, without anyone signed in (``brand_org_id`` None: global)."""

    fr: str
    zh: str
    brand_org_id: str | None = None
    keep: bool = False
    note: str = ""


async def _may_edit(uow: UnitOfWork, principal: Principal, brand_org_id: str | None) -> None:
    if principal.is_platform_operator:
        return
    if brand_org_id is None:
        raise GlobalGlossaryDenied("only the platform operator edits the global glossary")
    await identity.authorize_for_brand(uow, principal, brand_id=brand_org_id, scope=CONTENT_SCOPE)


async def _may_read(uow: UnitOfWork, principal: Principal, brand_org_id: str | None) -> None:
    if brand_org_id is not None and not principal.is_platform_operator:
        await identity.authorize_for_brand(uow, principal, brand_id=brand_org_id, scope=CONTENT_SCOPE)


def _clean(field: str, value: str, *, limit: int, required: bool) -> str:
    text = " ".join((value or "").split())
    try:
        check_text(text, required=required)
    except TextRefused as refused:
        raise GlossaryTermInvalid(f"the {field} {refused}", field=field) from refused
    if len(text) > limit:
        raise GlossaryTermInvalid(f"the {field} is longer than {limit} characters", field=field)
    return text


def _term(term_id: str, brand_org_id: str | None, *, fr: str, zh: str, keep: bool, note: str) -> GlossaryTerm:
    clean_fr = _clean("fr", fr, limit=TERM_MAX, required=True)
    clean_zh = _clean("zh", zh, limit=TERM_MAX, required=not keep)
    return GlossaryTerm(
        id=term_id,
        brand_org_id=brand_org_id,
        fr=clean_fr,
        # A kept term is written as it is in Chinese too.
        zh=(clean_zh or clean_fr) if keep else clean_zh,
        keep=keep,
        note=_clean("note", note, limit=NOTE_MAX, required=False),
    )


async def glossary_terms(
    uow: UnitOfWork,
    principal: Principal,
    *,
    brand_id: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE,
) -> tuple[list[GlossaryTerm], str | None]:
    """One page of a brand's own terms (``brand_id``) or of the global ones, in the order they were added."""
    await _may_read(uow, principal, brand_id)
    after = cursor_position(cursor, key="after", kind=str, prefix="gls")
    size = page_size(limit)
    found = await repo.terms_page(uow.session, brand_org_id=brand_id, after_id=after, limit=size + 1)
    return cut_page(found, size, key="after", position_of=lambda t: t.id)


async def add_glossary_term(
    uow: UnitOfWork,
    principal: Principal,
    *,
    brand_id: str | None,
    fr: str,
    zh: str,
    keep: bool = False,
    note: str = "",
) -> GlossaryTerm:
    """Add a term to a brand's glossary (``brand_id``) or to the global one (``None``: the platform operator).

    The same French word twice in one glossary is ``glossary_term_exists``: change the term instead.
    """
    await _may_edit(uow, principal, brand_id)
    term = _term(new_id("gls"), brand_id, fr=fr, zh=zh, keep=keep, note=note)
    existing = await repo.term_by_french(uow.session, brand_org_id=brand_id, fr=term.fr)
    if existing is not None:
        raise GlossaryTermExists(f"the glossary already renders {existing.fr!r}", term_id=existing.id)
    await repo.insert_term(uow.session, term, now=uow.clock.now(), by=principal.actor_id)
    return term


async def term_for_editing(uow: UnitOfWork, principal: Principal, *, term_id: str) -> GlossaryTerm:
    """The term, if ``principal`` may change it; else not found, or refused as its glossary's owner decides."""
    found = await repo.term_by_id(uow.session, term_id)
    if found is None:
        raise LocalizationNotFound("no such glossary term", code="glossary_term_not_found")
    await _may_edit(uow, principal, found.brand_org_id)
    return found


async def change_glossary_term(
    uow: UnitOfWork,
    principal: Principal,
    *,
    term_id: str,
    fr: str,
    zh: str,
    keep: bool = False,
    note: str = "",
) -> GlossaryTerm:
    """Change a term; its owner (a brand, or everyone) stays the same."""
    current = await term_for_editing(uow, principal, term_id=term_id)
    term = _term(current.id, current.brand_org_id, fr=fr, zh=zh, keep=keep, note=note)
    clash = await repo.term_by_french(uow.session, brand_org_id=current.brand_org_id, fr=term.fr)
    if clash is not None and clash.id != current.id:
        raise GlossaryTermExists(f"the glossary already renders {clash.fr!r}", term_id=clash.id)
    await repo.update_term(uow.session, term, now=uow.clock.now(), by=principal.actor_id)
    return term


async def remove_glossary_term(uow: UnitOfWork, principal: Principal, *, term_id: str) -> None:
    """Remove a term; jobs reviewed from now on no longer check it."""
    term = await term_for_editing(uow, principal, term_id=term_id)
    await repo.delete_term(uow.session, term.id)


async def seed_glossary(uow: UnitOfWork, *, terms: Iterable[SeedTerm]) -> int:
    """Add the terms a glossary does not have yet (by French word); for the demo and imports. How many."""
    added = 0
    now = uow.clock.now()
    for seed in terms:
        term = _term(new_id("gls"), seed.brand_org_id, fr=seed.fr, zh=seed.zh, keep=seed.keep, note=seed.note)
        if await repo.term_by_french(uow.session, brand_org_id=term.brand_org_id, fr=term.fr) is None:
            await repo.insert_term(uow.session, term, now=now, by="system")
            added += 1
    return added
