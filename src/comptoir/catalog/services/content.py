"""The Chinese page of a product: what the translator starts from, the partner's approval, or its request
for changes. The translation work itself (drafts, glossary, memory, compliance) belongs to localization."""

from __future__ import annotations

from comptoir.catalog import repository
from comptoir.catalog.domain import ReviewState, StoreKind, TranslationSource
from comptoir.catalog.errors import FieldProblem, ProductInvalid, StaleTranslation, WrongProductState
from comptoir.catalog.services._access import history_row, operates, product_or_404, store_or_404
from comptoir.catalog.services._text import check_field
from comptoir.catalog.services.visibility import refresh_visibility
from comptoir.kernel.principal import Principal
from comptoir.kernel.unit_of_work import UnitOfWork


async def translation_source(uow: UnitOfWork, *, product_id: str) -> TranslationSource:
    """The French text of a product and who runs its store (for the translation job's handler)."""
    product = await product_or_404(uow, product_id)
    store = await store_or_404(uow, product.store_id)
    return TranslationSource(
        product_id=product.id,
        store_id=store.id,
        store_kind=store.kind,
        operator_org_id=store.owner_org_id,
        brand_org_id=store.owner_org_id if store.kind is StoreKind.BRAND_STORE else None,
        brand_name=product.brand_name,
        brand_name_zh=product.brand_name_zh,
        category=product.category,
        title_fr=product.title_fr,
        description_fr=product.description_fr,
        source_version=product.source_version,
    )


def _zh(field: str, value: str, *, limit: int, multiline: bool, required: bool) -> str:
    problems: list[FieldProblem] = []
    text = check_field(problems, field, value, limit=limit, multiline=multiline, required=required)
    if problems:
        raise ProductInvalid(problems)
    return text or ""


async def approve_chinese_content(
    uow: UnitOfWork, principal: Principal, *, product_id: str, title: str, description: str, source_version: int
) -> bool:
    """Store the approved zh-Hans page of the product's French text at ``source_version``.

    Whoever runs the store approves (checked in this transaction). A draft made from an older French
    text is :class:`StaleTranslation`: the merchant changed it since. Answers whether the product is
    now visible on the Chinese storefront (it also needs an HS code on the positive list).
    """
    product = await product_or_404(uow, product_id, for_update=True)
    store = await store_or_404(uow, product.store_id)
    on_behalf_of = await operates(uow, principal, store)
    if source_version != product.source_version:
        raise StaleTranslation(
            f"the draft is of version {source_version}; the French text is now at version {product.source_version}"
        )
    clean_title = _zh("title", title, limit=200, multiline=False, required=True)
    clean_description = _zh("description", description, limit=5000, multiline=True, required=False)
    await repository.update_product(
        uow.session,
        product.id,
        zh_title=clean_title,
        zh_description=clean_description,
        zh_version=source_version,
        review_state=ReviewState.SUBMITTED.value,
        review_comment=None,
        updated_at=uow.clock.now(),
    )
    await repository.insert_history(
        uow.session,
        [
            history_row(
                uow, principal, product.id, "chinese_approved", on_behalf_of=on_behalf_of, source_version=source_version
            )
        ],
    )
    return await refresh_visibility(uow, product.id, content_changed=True)


async def send_back_for_changes(uow: UnitOfWork, principal: Principal, *, product_id: str, comment: str) -> None:
    """The partner asks the merchant to change the French content; the comment says what and why."""
    product = await product_or_404(uow, product_id, for_update=True)
    store = await store_or_404(uow, product.store_id)
    on_behalf_of = await operates(uow, principal, store)
    if product.review_state is not ReviewState.SUBMITTED:
        raise WrongProductState("the product is not waiting for its Chinese page", code="product_not_in_review")
    text = _zh("comment", comment, limit=2000, multiline=True, required=True)
    await repository.update_product(
        uow.session,
        product.id,
        review_state=ReviewState.SENT_BACK.value,
        review_comment=text,
        updated_at=uow.clock.now(),
    )
    await repository.insert_history(
        uow.session,
        [history_row(uow, principal, product.id, "sent_back", on_behalf_of=on_behalf_of, comment=text)],
    )
