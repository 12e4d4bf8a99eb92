"""Inngangsvilkår (issue 5): application, mapping, screening versions, deadlines

Revision ID: 0003
Revises: 0002

This revision's slot in the chain is reserved for that work so that parallel work never
creates two heads; until then it changes nothing.
"""

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
