"""Frozen records, enforced by the database itself (triggers), identically on SQLite and PostgreSQL.

Once a payout run is approved, a decision or certificate issued, or an audit row written, no code
path — nor a hand-made SQL session with the application's connection — may change what the record
means. The rule per table is *everything is frozen except a short allow-list*, so a column added
later is frozen too: PostgreSQL's trigger compares the whole row (``to_jsonb``), and SQLite's
triggers are generated from the table's live columns by ``install`` (a migration that adds a
column to a frozen table calls ``install`` again; ``tests/integration/store/test_frozen_columns.py``
enumerates every column and fails if one is left open).

Allowed after freezing:

* ``payout_runs``: the life cycle approved → exported → paid (``state``), ``exported_at`` and
  ``paid_at`` set once (from empty), ``updated_at``.
* ``decisions`` and ``certificates``: issued → sent (``state``), ``updated_at``.
* ``payout_lines``: nothing while their run is not a draft — no insert, update or delete, and no
  line may be moved into (or out of) a run that is not a draft.
* ``audit_events``: insert only (and only with a chain hash, see ``services/infrastructure/audit.py``).

PostgreSQL's ``TRUNCATE`` skips row triggers, so it is refused by statement triggers on the same
tables (the application role has no TRUNCATE privilege either, see ``store/pg_roles.py``).

Changing a rule here changes what migration 0009 installs. A restore compares a copy with the
schema its revision's migrations make *now* (``store/schema_check.py``), so a changed rule needs a
new migration that calls ``install``, and 0009 must keep making the triggers it made (give it its
own copy of the old rule) — otherwise copies taken at 0009 would no longer match and be refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, inspect, text


@dataclass(frozen=True)
class FrozenTable:
    table: str
    frozen_when: str  # SQL condition on OLD.* that makes the row frozen
    mutable: tuple[str, ...]  # columns that may still change on a frozen row
    transitions: tuple[tuple[str, str], ...]  # allowed (old state, new state) changes of a frozen row
    set_once: tuple[str, ...] = ()  # mutable columns that may only go from NULL to a value
    message: str = ""
    delete_message: str = ""


RUN_FROZEN = "En godkjent utbetalingskjøring kan ikke endres"
RUN_NO_DELETE = "En godkjent utbetalingskjøring kan ikke slettes"
DECISION_FROZEN = "Et fattet vedtak kan ikke endres"
DECISION_NO_DELETE = "Et fattet vedtak kan ikke slettes"
CERTIFICATE_FROZEN = "Et utstedt deltakerbevis kan ikke endres"
CERTIFICATE_NO_DELETE = "Et utstedt deltakerbevis kan ikke slettes"
AUDIT_NO_UPDATE = "Revisjonsloggen kan ikke endres"
AUDIT_NO_DELETE = "Revisjonsloggen kan ikke slettes"
AUDIT_NO_HASH = "Revisjonsloggen: raden mangler kjedens sjekksum"

FROZEN_TABLES: tuple[FrozenTable, ...] = (
    FrozenTable("payout_runs", "OLD.state <> 'draft'", ("state", "exported_at", "paid_at", "updated_at"),
                (("approved", "exported"), ("exported", "paid")), ("exported_at", "paid_at"),
                RUN_FROZEN, RUN_NO_DELETE),
    FrozenTable("decisions", "OLD.state <> 'draft'", ("state", "updated_at"), (("issued", "sent"),), (),
                DECISION_FROZEN, DECISION_NO_DELETE),
    FrozenTable("certificates", "OLD.state <> 'draft'", ("state", "updated_at"), (("issued", "sent"),), (),
                CERTIFICATE_FROZEN, CERTIFICATE_NO_DELETE),
)

# Every trigger this module creates, per dialect (``verify`` and the restore check compare with it).
_SQLITE_LINE_TRIGGERS = ("payout_line_insert_frozen", "payout_line_update_frozen", "payout_line_delete_frozen")
_SQLITE_AUDIT_TRIGGERS = ("audit_no_update", "audit_no_delete", "audit_needs_hash")
_PG_FUNCTIONS = ("kvp_refuse", "kvp_frozen_row", "kvp_line_frozen", "kvp_audit_needs_hash")

# The triggers and functions of the first migration, replaced by ``install``.
_OLD_SQLITE = ("audit_no_update", "audit_no_delete", "payout_run_frozen", "payout_run_no_delete",
               "payout_line_insert_frozen", "payout_line_update_frozen", "payout_line_delete_frozen",
               "decision_frozen", "decision_no_delete", "certificate_frozen")
_OLD_PG = """
DROP TRIGGER IF EXISTS certificate_frozen ON certificates;
DROP TRIGGER IF EXISTS decision_frozen ON decisions;
DROP TRIGGER IF EXISTS payout_line_frozen ON payout_lines;
DROP TRIGGER IF EXISTS payout_run_no_delete ON payout_runs;
DROP TRIGGER IF EXISTS payout_run_frozen ON payout_runs;
DROP TRIGGER IF EXISTS audit_no_update ON audit_events;
DROP FUNCTION IF EXISTS kvp_document_frozen(); DROP FUNCTION IF EXISTS kvp_line_frozen();
DROP FUNCTION IF EXISTS kvp_run_no_delete(); DROP FUNCTION IF EXISTS kvp_run_frozen();
"""


def sqlite_trigger_names() -> list[str]:
    names = [f"{spec.table}_frozen" for spec in FROZEN_TABLES] + [f"{spec.table}_no_delete" for spec in FROZEN_TABLES]
    return sorted([*names, *_SQLITE_LINE_TRIGGERS, *_SQLITE_AUDIT_TRIGGERS])


def postgresql_trigger_names() -> list[str]:
    names = [f"{spec.table}_frozen" for spec in FROZEN_TABLES] + [f"{spec.table}_no_truncate" for spec in FROZEN_TABLES]
    return sorted([*names, "payout_lines_frozen", "payout_lines_no_truncate", "audit_no_update", "audit_needs_hash",
                   "audit_no_truncate", *CLAIM_TRIGGERS])


# Made by migration 0012 (not by ``install``, which leaves them alone): no two claims of one
# participant overlap, so a day is paid once (services/payouts/runs.py).
CLAIM_TRIGGERS = ("payout_claims_no_overlap",)
SQLITE_CLAIM_TRIGGERS = ("payout_claims_no_overlap", "payout_claims_no_overlap_update")


def _q(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _state_ok(spec: FrozenTable) -> str:
    allowed = " OR ".join(f"(OLD.state = {_q(a)} AND NEW.state = {_q(b)})" for a, b in spec.transitions)
    return f"(NEW.state = OLD.state OR {allowed})"


def _set_once_ok(spec: FrozenTable, same: str) -> str:
    return " AND ".join(f"(OLD.{c} IS NULL OR NEW.{c} {same} OLD.{c})" for c in spec.set_once) or "1 = 1"


def _sqlite_frozen_trigger(spec: FrozenTable, columns: list[str]) -> str:
    fixed = [c for c in columns if c not in spec.mutable]
    unchanged = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in fixed)
    return (f"CREATE TRIGGER {spec.table}_frozen BEFORE UPDATE ON {spec.table} "
            f"WHEN {spec.frozen_when} AND NOT ({unchanged} AND {_state_ok(spec)} AND {_set_once_ok(spec, 'IS')}) "
            f"BEGIN SELECT RAISE(ABORT, {_q(spec.message)}); END")


def _sqlite_statements(connection: Connection) -> list[str]:
    statements = []
    for spec in FROZEN_TABLES:
        columns = [c["name"] for c in inspect(connection).get_columns(spec.table)]
        statements.append(_sqlite_frozen_trigger(spec, columns))
        statements.append(f"CREATE TRIGGER {spec.table}_no_delete BEFORE DELETE ON {spec.table} "
                          f"WHEN {spec.frozen_when} BEGIN SELECT RAISE(ABORT, {_q(spec.delete_message)}); END")
    run_not_draft = "(SELECT state FROM payout_runs WHERE id = {ref}.run_id) <> 'draft'"
    statements += [
        "CREATE TRIGGER payout_line_insert_frozen BEFORE INSERT ON payout_lines "
        f"WHEN {run_not_draft.format(ref='NEW')} BEGIN SELECT RAISE(ABORT, {_q(RUN_FROZEN)}); END",
        # A line of a frozen run never changes, and no line is moved into a frozen run.
        "CREATE TRIGGER payout_line_update_frozen BEFORE UPDATE ON payout_lines "
        f"WHEN {run_not_draft.format(ref='OLD')} OR {run_not_draft.format(ref='NEW')} "
        f"BEGIN SELECT RAISE(ABORT, {_q(RUN_FROZEN)}); END",
        "CREATE TRIGGER payout_line_delete_frozen BEFORE DELETE ON payout_lines "
        f"WHEN {run_not_draft.format(ref='OLD')} BEGIN SELECT RAISE(ABORT, {_q(RUN_FROZEN)}); END",
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events "
        f"BEGIN SELECT RAISE(ABORT, {_q(AUDIT_NO_UPDATE)}); END",
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events "
        f"BEGIN SELECT RAISE(ABORT, {_q(AUDIT_NO_DELETE)}); END",
        "CREATE TRIGGER audit_needs_hash BEFORE INSERT ON audit_events WHEN NEW.chain_hash IS NULL "
        f"OR length(NEW.chain_hash) <> 64 BEGIN SELECT RAISE(ABORT, {_q(AUDIT_NO_HASH)}); END",
    ]
    return statements


def _pg_statements() -> list[str]:
    statements = [
        "CREATE OR REPLACE FUNCTION kvp_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$",
        # TG_ARGV: 0 message, 1 delete message, 2 mutable columns (comma list), 3 allowed state changes
        # ("old>new" comma list), 4 set-once columns. The whole row minus the mutable columns is compared,
        # so a column added later is frozen without a new trigger.
        """CREATE OR REPLACE FUNCTION kvp_frozen_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  mutable text[] := string_to_array(TG_ARGV[2], ',');
  moves text[] := string_to_array(TG_ARGV[3], ',');
  once text[] := string_to_array(NULLIF(TG_ARGV[4], ''), ',');
  old_row jsonb := to_jsonb(OLD);
  new_row jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(NEW) ELSE NULL END;
  col text;
BEGIN
  IF OLD.state = 'draft' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '%', TG_ARGV[1]; END IF;
  IF (old_row - mutable) IS DISTINCT FROM (new_row - mutable)
     OR (NEW.state <> OLD.state AND NOT (OLD.state || '>' || NEW.state) = ANY (moves)) THEN
    RAISE EXCEPTION '%', TG_ARGV[0];
  END IF;
  IF once IS NOT NULL THEN
    FOREACH col IN ARRAY once LOOP
      IF old_row -> col <> 'null'::jsonb AND (new_row -> col) IS DISTINCT FROM (old_row -> col) THEN
        RAISE EXCEPTION '%', TG_ARGV[0];
      END IF;
    END LOOP;
  END IF;
  RETURN NEW;
END $$""",
        f"""CREATE OR REPLACE FUNCTION kvp_line_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE')
     AND (SELECT state FROM payout_runs WHERE id = OLD.run_id) <> 'draft' THEN
    RAISE EXCEPTION {_q(RUN_FROZEN)};
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT')
     AND (SELECT state FROM payout_runs WHERE id = NEW.run_id) <> 'draft' THEN
    RAISE EXCEPTION {_q(RUN_FROZEN)};
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$""",
        f"""CREATE OR REPLACE FUNCTION kvp_audit_needs_hash() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.chain_hash IS NULL OR length(NEW.chain_hash) <> 64 THEN RAISE EXCEPTION {_q(AUDIT_NO_HASH)}; END IF;
  RETURN NEW;
END $$""",
    ]
    for spec in FROZEN_TABLES:
        moves = ",".join(f"{a}>{b}" for a, b in spec.transitions)
        args = ", ".join(_q(v) for v in (spec.message, spec.delete_message, ",".join(spec.mutable), moves,
                                          ",".join(spec.set_once)))
        statements.append(f"CREATE TRIGGER {spec.table}_frozen BEFORE UPDATE OR DELETE ON {spec.table} "
                          f"FOR EACH ROW EXECUTE FUNCTION kvp_frozen_row({args})")
    statements += [
        "CREATE TRIGGER payout_lines_frozen BEFORE INSERT OR UPDATE OR DELETE ON payout_lines "
        "FOR EACH ROW EXECUTE FUNCTION kvp_line_frozen()",
        "CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit_events "
        f"FOR EACH ROW EXECUTE FUNCTION kvp_refuse({_q(AUDIT_NO_UPDATE + ' eller slettes')})",
        "CREATE TRIGGER audit_needs_hash BEFORE INSERT ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION kvp_audit_needs_hash()",
    ]
    for table, message in (("payout_runs", RUN_NO_DELETE), ("decisions", DECISION_NO_DELETE),
                           ("certificates", CERTIFICATE_NO_DELETE), ("payout_lines", RUN_FROZEN)):
        statements.append(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION kvp_refuse({_q(message)})")
    statements.append("CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_events "
                      f"FOR EACH STATEMENT EXECUTE FUNCTION kvp_refuse({_q(AUDIT_NO_DELETE)})")
    return statements


def drop(connection: Connection) -> None:
    """Remove every guard trigger (of this module and of the first migration)."""
    if connection.dialect.name == "sqlite":
        for name in {*_OLD_SQLITE, *sqlite_trigger_names()}:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    elif connection.dialect.name == "postgresql":
        tables = {"payout_runs", "decisions", "certificates", "payout_lines", "audit_events"}
        for row in connection.execute(text(
                "SELECT tgname, relname FROM pg_trigger JOIN pg_class ON pg_class.oid = tgrelid "
                "WHERE NOT tgisinternal AND relname = ANY(:tables)"), {"tables": list(tables)}).all():
            if row.tgname in postgresql_trigger_names():
                connection.execute(text(f'DROP TRIGGER IF EXISTS "{row.tgname}" ON "{row.relname}"'))
        connection.execute(text(_OLD_PG))
        for name in _PG_FUNCTIONS:
            connection.execute(text(f"DROP FUNCTION IF EXISTS {name}()"))


def install(connection: Connection) -> None:
    """(Re-)create every guard trigger from the live schema (idempotent)."""
    drop(connection)
    statements = _sqlite_statements(connection) if connection.dialect.name == "sqlite" else _pg_statements()
    for sql in statements:
        connection.execute(text(sql))
