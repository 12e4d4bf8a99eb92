"""PostgreSQL: the schema's owner and the application's role are two roles.

The owner (who runs ``kvp migrate upgrade``) owns every table, trigger and function. The
application's role — the one in the caseworkers' connection URL — gets only the DML the program
needs: read and write the case tables; on the audit trail only SELECT and INSERT (never UPDATE,
DELETE or TRUNCATE); on the chain head SELECT and UPDATE; on the schema version SELECT. Since it
owns nothing, it cannot ALTER or DROP a table, nor disable or drop a trigger
(PostgreSQL: only the owner may). The grants follow the live schema: run them again after every
upgrade (``kvp migrate upgrade --grant-to ROLLE`` does).
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, inspect, text

# Tables with rights of their own; every other table gets SELECT, INSERT, UPDATE, DELETE.
SPECIAL = {
    "audit_events": "SELECT, INSERT",  # append-only; the triggers refuse UPDATE/DELETE as well
    "audit_chain_head": "SELECT, UPDATE",  # the chain's head row (services/infrastructure/audit.py)
    "alembic_version": "SELECT",  # the program reads the schema version; only the owner migrates
}
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _quoted(role: str) -> str:
    if not _ROLE.match(role):
        raise ValueError(role)
    return f'"{role}"'


def valid_role_name(role: str) -> bool:
    return bool(_ROLE.match(role))


def grant_statements(connection: Connection, app_role: str, schema: str = "public") -> list[str]:
    """The GRANT/REVOKE statements that give ``app_role`` exactly the application's rights."""
    role = _quoted(app_role)
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
        f"REVOKE CREATE ON SCHEMA {schema} FROM {role}",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
    ]
    for table in sorted(inspect(connection).get_table_names(schema=schema)):
        rights = SPECIAL.get(table, "SELECT, INSERT, UPDATE, DELETE")
        statements.append(f'GRANT {rights} ON {schema}."{table}" TO {role}')
    statements.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")  # nextval for new ids
    return statements


def apply_grants(connection: Connection, app_role: str) -> list[str]:
    statements = grant_statements(connection, app_role)
    for sql in statements:
        connection.execute(text(sql))
    return statements
