"""catalog: stores and pavilions, pavilion members, products, SKUs, photos, product history

Revision ID: catalog_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "catalog_0001"
down_revision = None
branch_labels = ("catalog",)
depends_on = "kernel_0001"


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=f"pk_{table}")


def upgrade() -> None:
    op.create_table(
        "catalog_stores",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("owner_org_id", sa.String(40), nullable=False),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_zh", sa.String(120)),
        sa.Column("description_fr", sa.Text, nullable=False),
        sa.Column("description_zh", sa.Text),
        sa.Column("lane", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _pk("catalog_stores", "id"),
        sa.UniqueConstraint("slug", name="uq_catalog_stores_slug"),
    )
    op.create_index("ix_catalog_stores_owner_org_id", "catalog_stores", ["owner_org_id"])
    op.create_table(
        "catalog_pavilion_members",
        sa.Column("merchant_org_id", sa.String(40), nullable=False),
        sa.Column("pavilion_id", sa.String(40), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("name_zh", sa.String(120)),
        sa.Column("region", sa.String(80)),
        sa.Column("profile_fr", sa.Text, nullable=False),
        sa.Column("profile_zh", sa.Text),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("converted_store_id", sa.String(40)),
        _pk("catalog_pavilion_members", "merchant_org_id"),
    )
    op.create_index("ix_catalog_pavilion_members_pavilion_id", "catalog_pavilion_members", ["pavilion_id"])
    op.create_table(
        "catalog_products",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("store_id", sa.String(40), nullable=False),
        sa.Column("seller_org_id", sa.String(40), nullable=False),
        sa.Column("ref", sa.String(80)),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("hs_code", sa.String(8), nullable=False),
        sa.Column("origin", sa.String(2), nullable=False),
        sa.Column("gtin", sa.String(14)),
        sa.Column("brand_name", sa.String(120), nullable=False),
        sa.Column("brand_name_zh", sa.String(120)),
        sa.Column("title_fr", sa.String(200), nullable=False),
        sa.Column("description_fr", sa.Text, nullable=False),
        sa.Column("source_version", sa.Integer, nullable=False),
        sa.Column("review_state", sa.String(16), nullable=False),
        sa.Column("review_comment", sa.Text),
        sa.Column("zh_title", sa.String(200)),
        sa.Column("zh_description", sa.Text),
        sa.Column("zh_version", sa.Integer),
        sa.Column("en_title", sa.String(200)),
        sa.Column("en_description", sa.Text),
        sa.Column("visible", sa.Boolean, nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _pk("catalog_products", "id"),
        sa.UniqueConstraint("seller_org_id", "ref", name="uq_catalog_products_seller_ref"),
    )
    op.create_index("ix_catalog_products_store_id", "catalog_products", ["store_id"])
    op.create_index("ix_catalog_products_seller_org_id", "catalog_products", ["seller_org_id"])
    op.create_index("ix_catalog_products_visible_category", "catalog_products", ["visible", "category"])
    op.create_table(
        "catalog_variants",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("product_id", sa.String(40), nullable=False),
        sa.Column("seller_org_id", sa.String(40), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("label_fr", sa.String(120)),
        sa.Column("label_zh", sa.String(120)),
        sa.Column("price_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("stock", sa.Integer, nullable=False),
        sa.Column("net_value", sa.Integer),
        sa.Column("net_unit", sa.String(2)),
        sa.Column("pieces", sa.Integer),
        sa.Column("position", sa.Integer, nullable=False),
        _pk("catalog_variants", "id"),
        sa.UniqueConstraint("seller_org_id", "sku", name="uq_catalog_variants_seller_sku"),
    )
    op.create_index("ix_catalog_variants_product_id", "catalog_variants", ["product_id"])
    op.create_table(
        "catalog_media",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("product_id", sa.String(40), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        _pk("catalog_media", "id"),
    )
    op.create_index("ix_catalog_media_product_id", "catalog_media", ["product_id"])
    op.create_table(
        "catalog_product_history",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("product_id", sa.String(40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_org_id", sa.String(40), nullable=False),
        sa.Column("actor_org_name", sa.String(200), nullable=False),
        sa.Column("on_behalf_of", sa.String(200)),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        _pk("catalog_product_history", "id"),
    )
    op.create_index("ix_catalog_product_history_product_id", "catalog_product_history", ["product_id"])


def downgrade() -> None:
    for table in (
        "catalog_product_history",
        "catalog_media",
        "catalog_variants",
        "catalog_products",
        "catalog_pavilion_members",
        "catalog_stores",
    ):
        op.drop_table(table)
