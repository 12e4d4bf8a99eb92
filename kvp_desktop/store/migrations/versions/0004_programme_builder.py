"""Programbygger (issue 6): plan versions, templates, holidays, individual plan

Revision ID: 0004
Revises: 0003

This revision's slot in the chain is reserved for that work so that parallel work never
creates two heads; until then it changes nothing.
"""

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
