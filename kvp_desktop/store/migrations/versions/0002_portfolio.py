"""Portefølje: stop-point flags, review workflow

Revision ID: 0002
Revises: 0001

Adds the facts the rule of thumb needs (``needs_help_to_work``, ``other_nav_rights``) and the day
the stop-point facts were registered (``facts_recorded_on``) to ``persons``, and two tables that
hold the rule's answer so the portfolio is filtered and counted in SQL: ``stop_point_flags``
(one row per flag) and ``portfolio_states`` (computed for which day, valid until, last review).
Existing persons get no state row: the service computes their flags the first time the
portfolio is opened.
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain string defaults so SQLite adds the columns in place (no rebuild of persons).
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("needs_help_to_work", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("other_nav_rights", sa.String(length=100), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("facts_recorded_on", sa.Date(), nullable=True))

    op.create_table(
        "stop_point_flags",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("fired_on", sa.Date(), nullable=False),
        sa.Column("reason_code", sa.String(length=60), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_stop_point_flags_person_id_persons"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id", "kind", name=op.f("pk_stop_point_flags")),
    )
    with op.batch_alter_table("stop_point_flags", schema=None) as batch_op:
        batch_op.create_index("ix_stop_point_flags_kind_person", ["kind", "person_id"], unique=False)

    op.create_table(
        "portfolio_states",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("flags_computed_on", sa.Date(), nullable=False),
        sa.Column("flags_valid_until", sa.Date(), nullable=True),
        sa.Column("last_outcome", sa.String(length=30), nullable=True),
        sa.Column("last_reviewed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_portfolio_states_person_id_persons"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_portfolio_states")),
    )
    with op.batch_alter_table("portfolio_states", schema=None) as batch_op:
        batch_op.create_index("ix_portfolio_states_valid_until", ["flags_valid_until"], unique=False)
        batch_op.create_index("ix_portfolio_states_outcome", ["last_outcome", "person_id"], unique=False)
        batch_op.create_index("ix_portfolio_states_reviewed", ["last_reviewed_at", "person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("portfolio_states", schema=None) as batch_op:
        batch_op.drop_index("ix_portfolio_states_reviewed")
        batch_op.drop_index("ix_portfolio_states_outcome")
        batch_op.drop_index("ix_portfolio_states_valid_until")
    op.drop_table("portfolio_states")
    with op.batch_alter_table("stop_point_flags", schema=None) as batch_op:
        batch_op.drop_index("ix_stop_point_flags_kind_person")
    op.drop_table("stop_point_flags")
    # No table rebuild for persons (other tables point at it): SQLite ≥ 3.35 drops a column in place.
    for column in ("facts_recorded_on", "other_nav_rights", "needs_help_to_work"):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE persons DROP COLUMN {column}")
        else:
            op.drop_column("persons", column)
