"""``kvp check``: the database's integrity and migration status as a short Norwegian report."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from kvp_desktop.i18n import _, format_number
from kvp_desktop.services.context import AppContext
from kvp_desktop.store import migrate
from kvp_desktop.store.models import Application, AuditEvent, Decision, PayoutRun, Person, Programme


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append(line)


def check_database(ctx: AppContext) -> CheckReport:
    report = CheckReport()
    db = ctx.db
    report.lines.append(_("Database: {navn}", navn=db.engine.url.render_as_string(hide_password=True)))
    state = migrate.status(db)
    if state.too_new:
        report.fail(_("FEIL: Databasen er laget av en nyere programversjon ({rev}).", rev=state.current))
        return report
    if not state.has_tables:
        report.fail(_("FEIL: Databasen er tom. Start programmet eller kjør «kvp demo» for å opprette den."))
        return report
    if state.up_to_date:
        report.lines.append(_("Skjemaversjon: {rev} (nyeste)", rev=state.current))
    else:
        report.fail(_("FEIL: Skjemaversjon {cur}, programmet venter {head}. Kjør «kvp migrate upgrade».",
                      cur=state.current or "-", head=state.head))
    with db.engine.connect() as connection:
        if db.is_sqlite:
            result = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
            if result == ["ok"]:
                report.lines.append(_("Integritetskontroll: ok"))
            else:
                report.fail(_("FEIL: Integritetskontrollen fant feil: {feil}", feil="; ".join(result[:5])))
            violations = list(connection.execute(text("PRAGMA foreign_key_check")))
            if violations:
                report.fail(_("FEIL: {n} brudd på fremmednøkler.", n=len(violations)))
            else:
                report.lines.append(_("Fremmednøkler: ok"))
            mode = connection.execute(text("PRAGMA journal_mode")).scalar()
            report.lines.append(_("Journalmodus: {modus}", modus=mode))
        else:
            connection.execute(text("SELECT 1"))
            report.lines.append(_("Tilkobling: ok"))
    if state.up_to_date:
        with ctx.uow() as uow:
            session = uow.session
            for label, model in ((_("Personer"), Person), (_("Søknader"), Application),
                                 (_("Program"), Programme), (_("Vedtak"), Decision),
                                 (_("Utbetalingskjøringer"), PayoutRun), (_("Revisjonslogg"), AuditEvent)):
                count = session.scalar(select(func.count()).select_from(model)) or 0
                report.lines.append(f"{label}: {format_number(count)}")
        _check_guards_and_chain(ctx, report)
    report.lines.append(_("Resultat: {res}", res=_("OK") if report.ok else _("FEIL FUNNET")))
    return report


def _check_guards_and_chain(ctx: AppContext, report: CheckReport) -> None:
    """The guard triggers exactly as the schema revision makes them (store/guards.py, store/schema_check.py),
    and the audit trail's hash chain (services/audit.py)."""
    import sqlite3

    from kvp_desktop.services import audit
    from kvp_desktop.store import guards, schema_check

    if ctx.db.is_sqlite:
        raw = ctx.db.engine.raw_connection()
        try:
            connection = raw.driver_connection
            assert isinstance(connection, sqlite3.Connection)
            difference = schema_check.compare(connection, migrate.head_revision())
        finally:
            raw.close()
        problems = [f"{kind} {name}" for kind, name in difference.missing + difference.changed + difference.extra]
    else:
        with ctx.db.engine.connect() as connection:
            found = set(connection.execute(text(  # a disabled trigger guards nothing
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")).scalars())
        problems = [f"trigger {name}" for name in sorted(set(guards.postgresql_trigger_names()) ^ found)]
    if problems:
        report.fail(_("FEIL: Skjemaet eller vernet mot endringer er ikke som det skal være: {avvik}",
                      avvik="; ".join(problems[:5])))
    else:
        report.lines.append(_("Vern mot endringer (triggere og skranker): ok"))
    chain = audit.verify(ctx)
    if chain.ok:
        report.lines.append(_("Revisjonsloggens sjekksumkjede: ok"))
    else:
        report.fail(_("FEIL: {melding}", melding=chain.message))
