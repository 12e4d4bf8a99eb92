"""Utbetalinger: attendance details, back-pay, refunds, payroll export

Revision ID: 0005
Revises: 0004

* ``payout_runs.parameter_version``: the newest local rate (ParameterOverride.id) a run was
  computed with, so a rate registered later for a paid period is proposed as back-pay.
* ``refund_claims``: what the office paid in KVP for the period, the claim's state and date.
* ``payout_corrections``: corrections of approved lines waiting for the next run.

Columns are added with plain ``ADD COLUMN`` (no table rebuild), so SQLite keeps the
immutability triggers of 0001 on ``payout_runs``.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("payout_runs", sa.Column("parameter_version", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("refund_claims", sa.Column("kvp_paid", sa.BigInteger(), nullable=False, server_default="0"))
    op.add_column(
        "refund_claims", sa.Column("state", sa.String(length=20), nullable=False, server_default="registered")
    )
    op.add_column("refund_claims", sa.Column("registered_date", sa.Date(), nullable=True))
    op.create_table(
        "payout_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("registered_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_id"], ["payout_lines.id"], name=op.f("fk_payout_corrections_line_id_payout_lines"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["registered_by_id"], ["users.id"], name=op.f("fk_payout_corrections_registered_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_corrections")),
    )
    op.create_index(op.f("ix_payout_corrections_line_id"), "payout_corrections", ["line_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_payout_corrections_line_id"), table_name="payout_corrections")
    op.drop_table("payout_corrections")
    # Dropping columns needs a table rebuild in SQLite; refund_claims has no triggers, and
    # payout_runs' triggers are restored after the rebuild.
    with op.batch_alter_table("refund_claims") as batch_op:
        batch_op.drop_column("registered_date")
        batch_op.drop_column("state")
        batch_op.drop_column("kvp_paid")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE payout_runs DROP COLUMN parameter_version")
    else:
        op.drop_column("payout_runs", "parameter_version")
