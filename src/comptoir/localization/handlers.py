"""Localization's outbox handler: a product's French is ready, so its translation job opens with a draft.

Wired in ``web/subscriptions.py``. The handler is delivered at least once and is idempotent on the
product and its French version; a failing translator leaves the job open without a draft (its state
says ``unavailable``), it never fails the delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from comptoir import catalog
from comptoir.kernel.errors import NotFound
from comptoir.kernel.unit_of_work import OpensUnitsOfWork, UnitOfWork, transact
from comptoir.localization.domain import TranslationJob
from comptoir.localization.services import drafting_material, machine_draft, open_translation_job
from comptoir.localization.translator import OfflineTranslator, TranslatorFactory

log = logging.getLogger("comptoir.localization")

ProductSubmittedHandler = Callable[..., Awaitable[None]]


async def open_job_for(
    runtime: OpensUnitsOfWork, *, product_id: str, translators: TranslatorFactory = OfflineTranslator
) -> TranslationJob | None:
    """Draft the product's current French and open its job; ``None`` when a job already has that version."""
    try:
        material = await transact(runtime, lambda uow: drafting_material(uow, product_id=product_id))
    except NotFound:
        log.info("product %s is gone; no translation job opened", product_id)
        return None
    if material is None:
        return None
    segments = await machine_draft(material, translators=translators)

    async def write(uow: UnitOfWork) -> TranslationJob | None:
        return await open_translation_job(uow, material=material, segments=segments)

    return await transact(runtime, write)


def product_submitted_handler(
    runtime: OpensUnitsOfWork, *, translators: TranslatorFactory = OfflineTranslator
) -> ProductSubmittedHandler:
    """The handler of ``catalog.ProductSubmitted`` over ``runtime``, drafting with ``translators``."""

    async def on_product_submitted(event: catalog.ProductSubmitted, *, event_id: str) -> None:
        await open_job_for(runtime, product_id=event.product_id, translators=translators)

    return on_product_submitted
