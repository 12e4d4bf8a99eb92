"""Utbetalinger (issue 7): attendance details, back-pay, refunds, payroll export

Revision ID: 0005
Revises: 0004

This revision's slot in the chain is reserved for that work so that parallel work never
creates two heads; until then it changes nothing.
"""

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
