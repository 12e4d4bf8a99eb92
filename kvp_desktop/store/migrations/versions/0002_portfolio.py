"""Portefølje (issue 4): stop-point flags, review workflow

Revision ID: 0002
Revises: 0001

This revision's slot in the chain is reserved for that work so that parallel work never
creates two heads; until then it changes nothing.
"""

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
