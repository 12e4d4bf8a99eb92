"""Delt kontor (issue 10): users, locking, outreach copies

Revision ID: 0007
Revises: 0006

This revision's slot in the chain is reserved for that work so that parallel work never
creates two heads; until then it changes nothing.
"""

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
