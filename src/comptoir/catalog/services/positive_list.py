"""The CBEC positive list in force: the stored edition, loaded from a file, or the sample Comptoir ships.

customs.md: the list is dated data, loaded from versioned files. ``comptoir catalog positive-list load
--file FILE`` stores an edition (the full 1,476-line list of 2022 is the same format as the sample); from
its ``effective_from`` day on, listing a product for China and showing it on the storefront check it.
Until an edition is stored, the shipped sample for the seed categories is in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from comptoir.catalog import repository
from comptoir.catalog.domain.positive_list import PositiveList, PositiveListInvalid, default_positive_list
from comptoir.catalog.domain.positive_list import parse_positive_list as parse_list
from comptoir.catalog.errors import PositiveListRefused, RowProblem
from comptoir.kernel.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class PositiveListEdition:
    edition: str
    effective_from: date
    entries: int
    loaded_at: datetime | None  # None: the sample shipped with Comptoir, not stored


async def load_positive_list(uow: UnitOfWork, *, text: str) -> PositiveListEdition:
    """Check the whole file, then store its edition (replacing one of the same name); any bad line loads nothing."""
    try:
        positive = parse_list(text)
    except PositiveListInvalid as refused:
        raise PositiveListRefused([RowProblem(p.line, "line", p.reason) for p in refused.problems]) from refused
    now = uow.clock.now()
    await repository.replace_positive_list(uow.session, positive, loaded_at=now)
    return PositiveListEdition(positive.edition, positive.effective_from, len(positive), now)


async def positive_list_in_force(uow: UnitOfWork, *, on: date | None = None) -> PositiveList:
    """The edition in force on ``on`` (today by default): the latest stored one, else the shipped sample."""
    stored = await repository.positive_list_in_force(uow.session, on or uow.clock.now().date())
    return stored if stored is not None else default_positive_list()


async def positive_list_editions(uow: UnitOfWork) -> list[PositiveListEdition]:
    """Every stored edition, oldest first; the shipped sample when none is stored."""
    stored = await repository.positive_list_editions_stored(uow.session)
    if not stored:
        sample = default_positive_list()
        return [PositiveListEdition(sample.edition, sample.effective_from, len(sample), None)]
    return [PositiveListEdition(e, d, n, at) for e, d, at, n in stored]
