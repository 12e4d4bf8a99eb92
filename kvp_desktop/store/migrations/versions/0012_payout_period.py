"""The office's payout period and computation policy; a participant's day is paid once across periods

Revision ID: 0012
Revises: 0011

* ``office_settings.payout_period_start``: the first Monday of the 14-day periods (with
  ``payout_schedule = 'biweekly'``); ``office_settings.amount_policy``: ``monthly_share``
  (annual / 12 over the month's weekdays, as before) or ``day_rate`` (annual / 260 in whole
  kroner per weekday). ``rules.payout_period``, docs/rules.md «Utbetalingsperiode».
* ``payout_runs.amount_policy``: the policy a run was computed with (back-pay recomputes the
  period with it). ``payout_runs`` is frozen, so the guard triggers are installed again
  (``store/guards.py``): the new column is frozen too.
* ``payout_claims``: a claim may not overlap another claim of the same participant (a trigger,
  SQLite and PostgreSQL), so a day is never paid by two runs even when the office switches
  between months and 14-day periods; the runs claim only the days not claimed before. On
  PostgreSQL the trigger first takes a per-participant transaction lock, so two runs started at
  the same moment see each other's claims.
"""

import sqlalchemy as sa
from alembic import op

from kvp_desktop.store import guards

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

MESSAGE = "Deltakeren har allerede fått utbetalt for noen av dagene i perioden"

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER payout_claims_no_overlap BEFORE INSERT ON payout_claims
FOR EACH ROW WHEN EXISTS (SELECT 1 FROM payout_claims c WHERE c.person_id = NEW.person_id
  AND c.period_from <= NEW.period_to AND c.period_to >= NEW.period_from)
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER payout_claims_no_overlap_update BEFORE UPDATE ON payout_claims
FOR EACH ROW WHEN EXISTS (SELECT 1 FROM payout_claims c WHERE c.person_id = NEW.person_id AND c.id <> OLD.id
  AND c.period_from <= NEW.period_to AND c.period_to >= NEW.period_from)
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
)
PG_STATEMENTS = (
    f"""CREATE OR REPLACE FUNCTION kvp_claim_no_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727412, NEW.person_id);
  IF EXISTS (SELECT 1 FROM payout_claims c WHERE c.person_id = NEW.person_id AND c.id <> NEW.id
             AND c.period_from <= NEW.period_to AND c.period_to >= NEW.period_from) THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23P01';
  END IF;
  RETURN NEW;
END $$""",
    """CREATE TRIGGER payout_claims_no_overlap BEFORE INSERT OR UPDATE ON payout_claims
FOR EACH ROW EXECUTE FUNCTION kvp_claim_no_overlap()""",
)


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("office_settings") as batch:
        batch.add_column(sa.Column("payout_period_start", sa.Date(), nullable=True))
        batch.add_column(sa.Column("amount_policy", sa.String(20), nullable=False, server_default="monthly_share"))
    guards.drop(bind)
    op.add_column("payout_runs", sa.Column("amount_policy", sa.String(20), nullable=False,
                                           server_default="monthly_share"))
    guards.install(bind)
    for sql in SQLITE_TRIGGERS if bind.dialect.name == "sqlite" else PG_STATEMENTS:
        op.execute(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS payout_claims_no_overlap")
        op.execute("DROP TRIGGER IF EXISTS payout_claims_no_overlap_update")
    else:
        op.execute("DROP TRIGGER IF EXISTS payout_claims_no_overlap ON payout_claims")
        op.execute("DROP FUNCTION IF EXISTS kvp_claim_no_overlap()")
    guards.drop(bind)
    if bind.dialect.name == "sqlite":
        op.execute("ALTER TABLE payout_runs DROP COLUMN amount_policy")
    else:
        op.drop_column("payout_runs", "amount_policy")
    guards.install(bind)
    with op.batch_alter_table("office_settings") as batch:
        batch.drop_column("amount_policy")
        batch.drop_column("payout_period_start")
