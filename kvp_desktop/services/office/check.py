"""``kvp check``: the database's integrity and migration status as a short Norwegian report.

The check exists for damaged files, so it never lets one stop it: an empty, truncated or
overwritten file, a zeroed page or an unreadable schema is reported as a finding (with the
newest backup that passes verification), never as a traceback; nothing is written to the file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy import func, select, text

from kvp_desktop.i18n import _, format_number
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.store import migrate
from kvp_desktop.store.db import (
    EMPTY_FILE,
    NOT_A_DATABASE,
    TRUNCATED,
    connect,
    default_database_url,
    normalise_url,
    sqlite_file_problem,
    sqlite_path,
)
from kvp_desktop.store.models import Application, AuditEvent, Decision, PayoutRun, Person, Programme

log = logging.getLogger(__name__)


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append(line)


def check_url(url: str | None) -> CheckReport:
    """Check the database at ``url`` (default: the office database) without creating or changing it."""
    report = CheckReport()
    address = normalise_url(url or default_database_url())
    path = sqlite_path(address)
    if path is not None:
        if not path.exists():
            report.lines.append(_("Database: {navn}", navn=path))
            report.fail(_("FEIL: Databasen er tom: filen finnes ikke ennå. Start programmet eller kjør «kvp demo» "
                          "for å opprette den."))
            return _finish(report)
        problem = sqlite_file_problem(path)
        if problem is not None:
            report.lines.append(_("Database: {navn}", navn=path))
            report.fail({
                EMPTY_FILE: _("FEIL: Filen er tom (0 byte). Den er ikke en database og blir ikke gjort om til et "
                              "nytt kontor."),
                NOT_A_DATABASE: _("FEIL: Filen er ikke en SQLite-database (starten av filen er overskrevet eller "
                                  "feil)."),
                TRUNCATED: _("FEIL: Filen er avkortet: den er kortere enn databasen sier at den skal være."),
            }[problem])
            return _finish(_with_backup(report, path))
    db = connect(address)
    ctx = AppContext(db)
    try:
        check_database(ctx, report)
    except (sa_exc.DatabaseError, UnicodeDecodeError) as exc:
        log.warning("kvp check: databasen kunne ikke leses (%s)", type(exc).__name__)
        if path is None:
            raise
        report.fail(_("FEIL: Databasen kan ikke leses: filen er skadet."))
        _with_backup(report, path)
    finally:
        ctx.close()
    return _finish(report)


def _finish(report: CheckReport) -> CheckReport:
    report.lines.append(_("Resultat: {res}", res=_("OK") if report.ok else _("FEIL FUNNET")))
    return report


def _with_backup(report: CheckReport, path: Path) -> CheckReport:
    """Name the newest backup that passes verification (the file itself is never written to)."""
    from kvp_desktop.services.infrastructure.errors import ServiceError
    from kvp_desktop.services.office.backups import verify_backup

    folder = path.parent / "sikkerhetskopier"
    candidates = sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []
    for candidate in candidates:
        try:
            verify_backup(candidate)
        except (ServiceError, sa_exc.DatabaseError, OSError):
            continue
        report.lines.append(_("Nyeste brukbare sikkerhetskopi: {fil}. Start KVP Desktop for å åpne en kopi av den "
                              "(den skadede filen beholdes uendret).", fil=candidate))
        return report
    report.lines.append(_("Fant ingen brukbar sikkerhetskopi i {mappe}. Kontakt IT.", mappe=folder))
    return report


def check_database(ctx: AppContext, report: CheckReport | None = None) -> CheckReport:
    report = report if report is not None else CheckReport()
    db = ctx.db
    report.lines.append(_("Database: {navn}", navn=db.engine.url.render_as_string(hide_password=True)))
    if db.is_sqlite:  # first: a damaged page can make the schema look empty or old
        with db.engine.connect() as connection:
            result = [str(row[0]) for row in connection.execute(text("PRAGMA integrity_check(20)"))]
        if result != ["ok"]:
            report.fail(_("FEIL: Integritetskontrollen fant feil: {feil}", feil="; ".join(result[:5])))
            path = sqlite_path(db.url)
            if path is not None:
                _with_backup(report, path)
            return report
        report.lines.append(_("Integritetskontroll: ok"))
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
    return report


def _check_guards_and_chain(ctx: AppContext, report: CheckReport) -> None:
    """The guard triggers exactly as the schema revision makes them (store/guards.py, store/schema_check.py),
    and the audit trail's hash chain (services/infrastructure/audit.py)."""
    import sqlite3

    from kvp_desktop.services.infrastructure import audit
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
