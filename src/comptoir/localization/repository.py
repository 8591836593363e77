"""Tables and queries of the localization capability (only it touches them).

Glossary terms and memory entries belong to a brand or to everyone; ``scope_key`` is the brand's
organisation id or ``"global"``, so that one unique key per owner holds on both engines (NULLs are
never equal in a unique index). A memory entry is unique by the SHA-256 of its key, since a whole
description can be longer than an index entry may be.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    delete,
    or_,
    select,
    update,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from comptoir.kernel.database import UtcDateTime, metadata
from comptoir.kernel.ids import new_id
from comptoir.localization.domain import (
    DraftOrigin,
    DraftSegment,
    DraftState,
    GlossaryTerm,
    JobStatus,
    MemoryEntry,
    TranslationJob,
    key_length_range,
    memory_key,
    normalise_term,
)

GLOBAL = "global"

jobs = Table(
    "localization_jobs",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("product_id", String(40), nullable=False),
    Column("store_id", String(40), nullable=False),
    Column("operator_org_id", String(40), nullable=False),
    Column("brand_org_id", String(40), nullable=True),
    Column("brand_name", String(200), nullable=False),
    Column("brand_name_zh", String(200), nullable=True),
    Column("category", String(40), nullable=False),
    Column("source_version", Integer, nullable=False),
    Column("title_fr", Text, nullable=False),
    Column("description_fr", Text, nullable=False),
    Column("draft_title_zh", Text, nullable=True),
    Column("draft_description_zh", Text, nullable=True),
    Column("draft_state", String(16), nullable=False),
    Column("draft_segments", JSON, nullable=False),
    Column("edited_title_zh", Text, nullable=True),
    Column("edited_description_zh", Text, nullable=True),
    Column("status", String(16), nullable=False),
    Column("comment", Text, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(40), nullable=True),
    # One job per French version of a product: the handler of ProductSubmitted is idempotent on it.
    UniqueConstraint("product_id", "source_version", name="uq_localization_jobs_product_version"),
    Index("ix_localization_jobs_store_status", "store_id", "status", "id"),
)

glossary = Table(
    "localization_glossary",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("brand_org_id", String(40), nullable=True),
    Column("scope_key", String(40), nullable=False),
    Column("fr", String(120), nullable=False),
    Column("fr_key", String(120), nullable=False),
    Column("zh", String(120), nullable=False),
    Column("keep", Boolean, nullable=False),
    Column("note", String(500), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(40), nullable=True),
    UniqueConstraint("scope_key", "fr_key", name="uq_localization_glossary_scope_fr"),
)

memory = Table(
    "localization_memory",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("brand_org_id", String(40), nullable=True),
    Column("scope_key", String(40), nullable=False),
    Column("fr", Text, nullable=False),
    Column("zh", Text, nullable=False),
    Column("fr_hash", String(64), nullable=False),
    Column("key_length", Integer, nullable=False),
    Column("product_id", String(40), nullable=True),
    Column("approved_at", UtcDateTime, nullable=False),
    UniqueConstraint("scope_key", "fr_hash", name="uq_localization_memory_scope_hash"),
    Index("ix_localization_memory_scope_length", "scope_key", "key_length"),
)

#: At most this many memory entries are read for one job: the newest, when a brand has more that could match.
MEMORY_CANDIDATES = 5000


def scope_key(brand_org_id: str | None) -> str:
    return brand_org_id or GLOBAL


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- jobs


def _segments(raw: Any) -> tuple[DraftSegment, ...]:
    return tuple(
        DraftSegment(
            field=s["field"], source=s["source"], text=s["text"], origin=DraftOrigin(s["origin"]), score=s.get("score")
        )
        for s in raw or []
    )


def segments_json(segments: Sequence[DraftSegment]) -> list[dict[str, Any]]:
    return [
        {"field": s.field, "source": s.source, "text": s.text, "origin": s.origin.value, "score": s.score}
        for s in segments
    ]


def _job(row: RowMapping) -> TranslationJob:
    return TranslationJob(
        id=row["id"],
        product_id=row["product_id"],
        store_id=row["store_id"],
        operator_org_id=row["operator_org_id"],
        brand_org_id=row["brand_org_id"],
        brand_name=row["brand_name"],
        brand_name_zh=row["brand_name_zh"],
        category=row["category"],
        source_version=row["source_version"],
        title_fr=row["title_fr"],
        description_fr=row["description_fr"],
        draft_title_zh=row["draft_title_zh"],
        draft_description_zh=row["draft_description_zh"],
        draft_state=DraftState(row["draft_state"]),
        draft_segments=_segments(row["draft_segments"]),
        edited_title_zh=row["edited_title_zh"],
        edited_description_zh=row["edited_description_zh"],
        status=JobStatus(row["status"]),
        comment=row["comment"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        updated_by=row["updated_by"],
    )


async def job_by_id(session: AsyncSession, job_id: str, *, for_update: bool = False) -> TranslationJob | None:
    query = select(jobs).where(jobs.c.id == job_id)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return _job(row) if row else None


async def job_for_version(session: AsyncSession, *, product_id: str, source_version: int) -> TranslationJob | None:
    query = select(jobs).where(jobs.c.product_id == product_id, jobs.c.source_version == source_version)
    row = (await session.execute(query)).mappings().first()
    return _job(row) if row else None


async def newest_version(session: AsyncSession, *, product_id: str) -> int | None:
    query = select(jobs.c.source_version).where(jobs.c.product_id == product_id)
    versions = (await session.execute(query.order_by(jobs.c.source_version.desc()).limit(1))).scalars().all()
    return versions[0] if versions else None


async def insert_job(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(jobs.insert().values(**values))


async def supersede_older(session: AsyncSession, *, product_id: str, below_version: int, now: datetime) -> int:
    """Every job of an older French version that was not approved becomes superseded; how many."""
    result = await session.execute(
        update(jobs)
        .where(
            jobs.c.product_id == product_id,
            jobs.c.source_version < below_version,
            jobs.c.status.in_([JobStatus.OPEN.value, JobStatus.SENT_BACK.value]),
        )
        .values(status=JobStatus.SUPERSEDED.value, updated_at=now, updated_by="system")
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def update_job(session: AsyncSession, job_id: str, **values: Any) -> None:
    await session.execute(update(jobs).where(jobs.c.id == job_id).values(**values))


async def jobs_page(
    session: AsyncSession,
    *,
    store_ids: Sequence[str],
    status: JobStatus | None,
    after_id: str | None,
    limit: int,
) -> list[TranslationJob]:
    """Jobs of ``store_ids`` (in ``status``), oldest first from after ``after_id``, at most ``limit``."""
    if not store_ids:
        return []
    query = select(jobs).where(jobs.c.store_id.in_(list(store_ids)))
    if status is not None:
        query = query.where(jobs.c.status == status.value)
    if after_id is not None:
        query = query.where(jobs.c.id > after_id)
    rows = (await session.execute(query.order_by(jobs.c.id).limit(limit))).mappings().all()
    return [_job(r) for r in rows]


# ---------------------------------------------------------------- glossary


def _term(row: RowMapping) -> GlossaryTerm:
    return GlossaryTerm(
        id=row["id"], brand_org_id=row["brand_org_id"], fr=row["fr"], zh=row["zh"], keep=row["keep"], note=row["note"]
    )


def term_values(term: GlossaryTerm) -> dict[str, Any]:
    return {
        "brand_org_id": term.brand_org_id,
        "scope_key": scope_key(term.brand_org_id),
        "fr": term.fr,
        "fr_key": normalise_term(term.fr),
        "zh": term.zh,
        "keep": term.keep,
        "note": term.note,
    }


async def terms_for(session: AsyncSession, *, brand_org_id: str | None) -> list[GlossaryTerm]:
    """The brand's terms and the global ones (only the global ones without a brand)."""
    scopes = [GLOBAL] if brand_org_id is None else [brand_org_id, GLOBAL]
    query = select(glossary).where(glossary.c.scope_key.in_(scopes)).order_by(glossary.c.id)
    return [_term(r) for r in (await session.execute(query)).mappings().all()]


async def terms_page(
    session: AsyncSession, *, brand_org_id: str | None, after_id: str | None, limit: int
) -> list[GlossaryTerm]:
    query = select(glossary).where(glossary.c.scope_key == scope_key(brand_org_id))
    if after_id is not None:
        query = query.where(glossary.c.id > after_id)
    rows = (await session.execute(query.order_by(glossary.c.id).limit(limit))).mappings().all()
    return [_term(r) for r in rows]


async def term_by_id(session: AsyncSession, term_id: str) -> GlossaryTerm | None:
    row = (await session.execute(select(glossary).where(glossary.c.id == term_id))).mappings().first()
    return _term(row) if row else None


async def term_by_french(session: AsyncSession, *, brand_org_id: str | None, fr: str) -> GlossaryTerm | None:
    query = select(glossary).where(
        glossary.c.scope_key == scope_key(brand_org_id), glossary.c.fr_key == normalise_term(fr)
    )
    row = (await session.execute(query)).mappings().first()
    return _term(row) if row else None


async def insert_term(session: AsyncSession, term: GlossaryTerm, *, now: datetime, by: str | None) -> None:
    await session.execute(
        glossary.insert().values(id=term.id, created_at=now, updated_at=now, updated_by=by, **term_values(term))
    )


async def update_term(session: AsyncSession, term: GlossaryTerm, *, now: datetime, by: str | None) -> None:
    await session.execute(
        update(glossary).where(glossary.c.id == term.id).values(updated_at=now, updated_by=by, **term_values(term))
    )


async def delete_term(session: AsyncSession, term_id: str) -> None:
    await session.execute(delete(glossary).where(glossary.c.id == term_id))


# ---------------------------------------------------------------- memory


def _entry(row: RowMapping) -> MemoryEntry:
    return MemoryEntry(
        id=row["id"],
        fr=row["fr"],
        zh=row["zh"],
        brand_org_id=row["brand_org_id"],
        approved_at=row["approved_at"],
        product_id=row["product_id"],
    )


async def memory_candidates(
    session: AsyncSession, *, brand_org_id: str | None, segments: Sequence[str], threshold: int
) -> list[MemoryEntry]:
    """The entries (the brand's and the global ones) that could match one of ``segments`` at ``threshold``.

    Only keys of a length that can reach the threshold are read (see
    :func:`~comptoir.localization.domain.key_length_range`), newest first, at most :data:`MEMORY_CANDIDATES`.
    """
    keys = [k for k in (memory_key(s) for s in segments) if k]
    if not keys:
        return []
    scopes = [GLOBAL] if brand_org_id is None else [brand_org_id, GLOBAL]
    ranges = [key_length_range(k, threshold=threshold) for k in keys]
    near = or_(
        memory.c.fr_hash.in_([key_hash(k) for k in keys]),
        *[and_(memory.c.key_length >= low, memory.c.key_length <= high) for low, high in ranges],
    )
    query = (
        select(memory)
        .where(memory.c.scope_key.in_(scopes), near)
        .order_by(memory.c.approved_at.desc(), memory.c.id.desc())
        .limit(MEMORY_CANDIDATES)
    )
    return [_entry(r) for r in (await session.execute(query)).mappings().all()]


async def remember(
    session: AsyncSession,
    *,
    pairs: Sequence[tuple[str, str]],
    brand_org_id: str | None,
    product_id: str,
    approved_at: datetime,
) -> int:
    """Store approved ``pairs`` (fr, zh); a segment the owner already has takes the newer Chinese. How many."""
    stored = 0
    scope = scope_key(brand_org_id)
    for fr, zh in pairs:
        key = memory_key(fr)
        if not key or not zh.strip():
            continue
        digest = key_hash(key)
        existing = (
            await session.execute(select(memory.c.id).where(memory.c.scope_key == scope, memory.c.fr_hash == digest))
        ).scalar_one_or_none()
        if existing is not None:
            await session.execute(
                update(memory)
                .where(memory.c.id == existing)
                .values(fr=fr, zh=zh, product_id=product_id, approved_at=approved_at)
            )
        else:
            await session.execute(
                memory.insert().values(
                    id=new_id("tmem"),
                    brand_org_id=brand_org_id,
                    scope_key=scope,
                    fr=fr,
                    zh=zh,
                    fr_hash=digest,
                    key_length=len(key),
                    product_id=product_id,
                    approved_at=approved_at,
                )
            )
        stored += 1
    return stored
