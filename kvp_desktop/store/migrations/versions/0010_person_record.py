"""Den fullstendige personopplysningen: foretrukket språk (beside phone, e-mail, kontonummer and
målform, which the first schema already has)

Revision ID: 0010
Revises: 0007

One added column with a server default, so existing rows read "" (no language registered) and
the same ALTER works on SQLite and PostgreSQL.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE ADD COLUMN on both: a batch "move and copy" of ``persons`` on SQLite would
    # drop the table its children point at (foreign keys on).
    op.add_column("persons", sa.Column("preferred_language", sa.String(40), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("persons", "preferred_language")  # SQLite 3.35+ drops a column in place
