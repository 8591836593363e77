"""Tables of the tourism capability (only tourism touches them).

Coordinates are integer micro-degrees; amounts integer minor units beside their currency. A tourist is known
here only by their wallet holder id, and only until they ask for erasure: their visits then keep the shop, the
day and the amount with no holder, and their attributed orders are folded into anonymous monthly counts.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, Integer, String, Table, Text, UniqueConstraint

from comptoir.kernel.database import UtcDateTime, metadata

shops = Table(
    "tourism_shops",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("org_id", String(40), nullable=False, unique=True),
    Column("point_of_sale_id", String(40), nullable=False, unique=True),
    Column("entry_code", String(16), nullable=False),
    Column("name", String(120), nullable=False),
    Column("name_zh", String(120)),
    Column("description", Text, nullable=False),
    Column("category", String(24), nullable=False),
    Column("street", String(120), nullable=False),
    Column("house_number", String(12), nullable=False),
    Column("postcode", String(10), nullable=False),
    Column("city", String(80), nullable=False),
    Column("lat_e6", Integer, nullable=False),
    Column("lon_e6", Integer, nullable=False),
    Column("arrondissement", Integer),
    Column("brand_org_id", String(40)),
    Column("brand_name", String(200)),
    Column("hours", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_tourism_shops_position", "lat_e6", "lon_e6"),
    Index("ix_tourism_shops_brand", "brand_org_id"),
)

visits = Table(
    "tourism_visits",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("payment_id", String(40), nullable=False, unique=True),
    Column("shop_id", String(40), nullable=False),
    Column("holder_id", String(40)),  # None once the tourist is erased
    Column("brand_org_id", String(40)),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("paid_minor", BigInteger, nullable=False),
    Column("paid_currency", String(3), nullable=False),
    Column("visited_at", UtcDateTime, nullable=False),
    Column("day", Date, nullable=False),
    Index("ix_tourism_visits_holder", "holder_id", "brand_org_id", "visited_at"),
    Index("ix_tourism_visits_shop", "shop_id", "day"),
    Index("ix_tourism_visits_day", "day"),
)

consents = Table(
    "tourism_consents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("holder_id", String(40), nullable=False, index=True),
    Column("purpose", String(24), nullable=False),
    Column("brand_org_id", String(40), nullable=False),
    Column("visit_id", String(40), nullable=False),
    Column("text_version", String(16), nullable=False),
    Column("given_at", UtcDateTime, nullable=False),
    Column("withdrawn_at", UtcDateTime),
)

follows = Table(
    "tourism_follows",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("holder_id", String(40), nullable=False),
    Column("brand_org_id", String(40), nullable=False),
    Column("shop_id", String(40), nullable=False),
    Column("visit_id", String(40), nullable=False),
    Column("follow_consent_id", String(40), nullable=False),
    Column("transfer_consent_id", String(40), nullable=False),
    Column("since", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime),
    UniqueConstraint("holder_id", "brand_org_id", name="uq_tourism_follows_holder_brand"),
)

attributions = Table(
    "tourism_attributions",
    metadata,
    Column("order_id", String(40), primary_key=True),
    Column("holder_id", String(40), nullable=False, index=True),
    Column("brand_org_id", String(40), nullable=False),
    Column("shop_id", String(40), nullable=False),
    Column("visit_id", String(40), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("visited_at", UtcDateTime, nullable=False),
    Column("ordered_at", UtcDateTime, nullable=False),
    Column("month", String(7), nullable=False),
    Column("delay_days", Integer, nullable=False),
    Index("ix_tourism_attributions_brand", "brand_org_id", "month"),
    Index("ix_tourism_attributions_shop", "shop_id", "month"),
)

anonymous_attributions = Table(
    "tourism_anonymous_attributions",
    metadata,
    Column("shop_id", String(40), primary_key=True),
    Column("brand_org_id", String(40), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("orders", Integer, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("delay_days_total", BigInteger, nullable=False),
    Column("delay_buckets", String(80), nullable=False),  # counts per delay bucket, "a,b,c,d,e"
)

brand_settings = Table(
    "tourism_brand_settings",
    metadata,
    Column("brand_org_id", String(40), primary_key=True),
    Column("window_days", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
