"""Programbygger: plan versions (phases split from an earlier phase) and the office's plan templates

Revision ID: 0004
Revises: 0003

A running programme's weekly pattern is never overwritten for weeks already passed: the phase is
split and the new phase records which phase it was split from (``phases.derived_from_id``).
Templates the office saves live in ``plan_templates``; the shipped ones are YAML files.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("phases") as batch:
        batch.add_column(sa.Column("derived_from_id", sa.Integer(), nullable=True))
    op.create_table(
        "plan_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("pattern", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_plan_templates_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_templates")),
    )


def downgrade() -> None:
    op.drop_table("plan_templates")
    with op.batch_alter_table("phases") as batch:
        batch.drop_column("derived_from_id")
