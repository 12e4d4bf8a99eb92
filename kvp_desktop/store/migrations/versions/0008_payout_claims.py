"""Money paid once, attendance never silently undone, leave without stønad

Revision ID: 0008
Revises: 0007

* ``payout_claims``: one row per participant and period a payout run pays (the run's own
  period). The unique key (person, period_from, period_to) makes it impossible, whatever the
  client, for two live runs to pay the same participant for the same period: the second of two
  simultaneous starters fails on the key and nothing of it is saved. Existing databases are
  claimed here: for every period the earliest approved (or later) run, else the newest draft.
  Runs left without a claim (duplicates made before this revision) can never be approved.
* ``programme_periods.with_allowance``: approved leave with or without kvalifiseringsstønad
  (existing leave keeps the stønad it was decided with).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payout_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_payout_claims_person_id_persons"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["run_id"], ["payout_runs.id"], name=op.f("fk_payout_claims_run_id_payout_runs"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_claims")),
        sa.UniqueConstraint("person_id", "period_from", "period_to",
                            name=op.f("uq_payout_claims_person_id_period_from_period_to")),
    )
    op.create_index(op.f("ix_payout_claims_run_id"), "payout_claims", ["run_id"], unique=False)
    # One run per period gets the claims: an approved (exported, paid) one first, the earliest of
    # them; otherwise the newest draft.
    op.execute("""
        INSERT INTO payout_claims (person_id, period_from, period_to, run_id)
        SELECT DISTINCT l.person_id, r.period_from, r.period_to, r.id
          FROM payout_lines l JOIN payout_runs r ON r.id = l.run_id
         WHERE r.id = (
             SELECT c.id FROM payout_runs c
              WHERE c.period_from = r.period_from AND c.period_to = r.period_to
              ORDER BY CASE WHEN c.state = 'draft' THEN 1 ELSE 0 END,
                       CASE WHEN c.state = 'draft' THEN -c.id ELSE c.id END
              LIMIT 1)
    """)
    with op.batch_alter_table("programme_periods") as batch:
        batch.add_column(sa.Column("with_allowance", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE programme_periods DROP COLUMN with_allowance")
    else:
        op.drop_column("programme_periods", "with_allowance")
    op.drop_index(op.f("ix_payout_claims_run_id"), table_name="payout_claims")
    op.drop_table("payout_claims")
