"""Tables of the orders capability (only orders touches them).

Amounts are integer minor units beside their currency. The buyer's real name, ID number and address are
sealed boxes (AES-GCM, kernel sealing) bound to their row; the ID number is found again only by its keyed
digest (``person_key``), and shown by its last four characters.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, Integer, LargeBinary, String, Table, Text

from comptoir.kernel.database import UtcDateTime, metadata

buyers = Table(
    "orders_buyers",
    metadata,
    Column("holder_id", String(40), primary_key=True),
    Column("name_box", LargeBinary),
    Column("id_box", LargeBinary),
    Column("person_key", String(64), index=True),
    Column("id_last4", String(4)),
    Column("zone", String(8)),
    Column("address_box", LargeBinary),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

carts = Table(
    "orders_carts",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("holder_id", String(40), nullable=False, index=True),
    Column("market", String(2), nullable=False),
    Column("status", String(16), nullable=False),
    Column("coupon_code", String(40)),
    Column("quote", Text),  # the last quote's locked FX quotes and prices, as JSON
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

cart_lines = Table(
    "orders_cart_lines",
    metadata,
    Column("cart_id", String(40), primary_key=True),
    Column("sku_id", String(40), primary_key=True),
    Column("product_id", String(40), nullable=False),
    Column("store_id", String(40), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("added_at", UtcDateTime, nullable=False),
)

orders = Table(
    "orders_orders",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("number", String(24), nullable=False, unique=True),
    Column("checkout_id", String(40), nullable=False, index=True),
    Column("cart_id", String(40), nullable=False),
    Column("holder_id", String(40), nullable=False, index=True),
    Column("market", String(2), nullable=False),
    Column("lane", String(8), nullable=False),
    Column("regime", String(20), nullable=False),
    Column("store_id", String(40), nullable=False, index=True),
    Column("merchant_org_id", String(40), nullable=False, index=True),
    Column("beneficiary_org_id", String(40), nullable=False, index=True),
    Column("channel", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("currency", String(3), nullable=False),  # EUR, what the merchant is owed
    Column("goods_minor", BigInteger, nullable=False),
    Column("freight_minor", BigInteger, nullable=False),
    Column("discount_minor", BigInteger, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("buyer_currency", String(3), nullable=False),
    Column("buyer_goods_minor", BigInteger, nullable=False),
    Column("buyer_freight_minor", BigInteger, nullable=False),
    Column("tax_minor", BigInteger, nullable=False),
    Column("buyer_total_minor", BigInteger, nullable=False),
    Column("rate", String(24)),
    Column("quote_id", String(40)),
    Column("payment_id", String(40), index=True),
    Column("person_key", String(64)),
    Column("coupon_code", String(40)),
    Column("promised_by", Date),
    Column("zone", String(8)),
    Column("rules", Text, nullable=False),
    Column("placed_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_orders_orders_status_placed_at", "status", "placed_at"),
)

order_lines = Table(
    "orders_order_lines",
    metadata,
    Column("order_id", String(40), primary_key=True),
    Column("sku_id", String(40), primary_key=True),
    Column("product_id", String(40), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("title", String(200), nullable=False),
    Column("hs_code", String(10), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price_minor", BigInteger, nullable=False),
    Column("unit_price_buyer_minor", BigInteger, nullable=False),
    Column("taxable_value_minor", BigInteger, nullable=False),
    Column("tariff_minor", BigInteger, nullable=False),
    Column("consumption_tax_minor", BigInteger, nullable=False),
    Column("vat_minor", BigInteger, nullable=False),
    Column("duty_minor", BigInteger, nullable=False),
)

history = Table(
    "orders_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_id", String(40), nullable=False, index=True),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(32), nullable=False),
    Column("from_status", String(16)),
    Column("to_status", String(16), nullable=False),
    Column("note", String(300), nullable=False),
)
