"""logistics: the network owner's name, recorded with each imported version

The owner itself was already recorded (``operator_org_id``); its name lets the network page say
who runs the network without reading another capability's tables.

Revision ID: logistics_0002
Revises: logistics_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "logistics_0002"
down_revision = "logistics_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("logistics_networks", sa.Column("operator_name", sa.String(120)))


def downgrade() -> None:
    op.drop_column("logistics_networks", "operator_name")
