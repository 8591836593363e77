"""Customs over the API: the platform operator's view of declarations, their filings and mismatches."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from comptoir.customs import services
from comptoir.customs.domain.declarations import Declaration
from comptoir.kernel.auth import PlatformOperator
from comptoir.kernel.http import Page, PageCursor, PageLimit
from comptoir.kernel.money_json import MoneyBody
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page, page_size
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.unit_of_work import transact

router = APIRouter(tags=["customs"])


class FilingOut(BaseModel):
    id: str
    kind: Literal["order", "payment", "waybill"]
    status: Literal["filed", "accepted", "rejected"]
    reason: str | None
    attempts: int
    filed_at: datetime
    answered_at: datetime | None


class MismatchOut(BaseModel):
    code: str
    detail: str


class DeclarationOut(BaseModel):
    order_id: str
    total: MoneyBody
    outcome: Literal["cleared", "rejected"] | None
    outcome_reason: str | None
    declared_at: datetime
    filings: list[FilingOut]
    mismatches: list[MismatchOut]

    @classmethod
    def of(cls, d: Declaration) -> DeclarationOut:
        return cls(
            order_id=d.order_id,
            total=MoneyBody.of(d.total),
            outcome=d.outcome,
            outcome_reason=d.outcome_reason,
            declared_at=d.declared_at,
            filings=[
                FilingOut(
                    id=f.id,
                    kind=f.kind,
                    status=f.status.value,
                    reason=f.reason,
                    attempts=f.attempts,
                    filed_at=f.filed_at,
                    answered_at=f.answered_at,
                )
                for f in d.filings
            ],
            mismatches=[MismatchOut(code=m.code, detail=m.detail) for m in d.mismatches],
        )


@router.get("/customs/filings", response_model=Page[DeclarationOut])
async def list_filings(
    principal: PlatformOperator,
    runtime: RuntimeDep,
    outcome: Annotated[
        Literal["pending", "cleared", "rejected"] | None, Query(description="only declarations with this outcome")
    ] = None,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[DeclarationOut]:
    """Every order's customs declaration, newest first: its three filings, their status and the mismatches."""
    size = page_size(limit)
    before = cursor_position(cursor, key="before", kind=str)
    found = await transact(
        runtime, partial(services.filings_page, principal=principal, outcome=outcome, before=before, limit=size + 1)
    )
    items, next_cursor = cut_page(found, size, key="before", position_of=lambda d: d.order_id)
    return Page[DeclarationOut](items=[DeclarationOut.of(d) for d in items], next_cursor=next_cursor)
