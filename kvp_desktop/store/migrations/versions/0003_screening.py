"""Inngangsvilkår: a concluded screening points at its decision draft

Revision ID: 0003
Revises: 0002

``screenings.decision_id`` links a concluded screening version to the decision draft its
conclusion made (so concluding twice never makes two drafts). On SQLite the column is added with
``ALTER TABLE ADD COLUMN`` (no rebuild); the foreign key is declared on PostgreSQL.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FK_NAME = "fk_screenings_decision_id_decisions"


def upgrade() -> None:
    with op.batch_alter_table("screenings") as batch:
        batch.add_column(sa.Column("decision_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.create_foreign_key(FK_NAME, "screenings", "decisions", ["decision_id"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(FK_NAME, "screenings", type_="foreignkey")
    with op.batch_alter_table("screenings") as batch:
        batch.drop_column("decision_id")
