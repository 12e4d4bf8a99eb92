"""Dokumenter (issue 8): letters issued, archived and printed

Revision ID: 0006
Revises: 0005

This revision's slot in the chain is reserved for that work so that parallel work never
creates two heads; until then it changes nothing.
"""

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
