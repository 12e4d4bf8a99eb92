"""§ 40 trekk: the basis of an agreed deduction (agreement or decision), its date and the notice

Revision ID: 0011
Revises: 0007

Three columns on ``recoveries``, empty for existing rows (an existing deduction keeps running; the
service asks for the basis when a new deduction is registered).
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("recoveries") as batch:
        batch.add_column(sa.Column("deduction_basis", sa.String(20), nullable=False, server_default=""))
        batch.add_column(sa.Column("deduction_basis_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("deduction_notified_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("recoveries") as batch:
        batch.drop_column("deduction_notified_date")
        batch.drop_column("deduction_basis_date")
        batch.drop_column("deduction_basis")
