"""Frozen records and a tamper-evident audit trail

Revision ID: 0009
Revises: 0007

* Guard triggers rewritten (``store/guards.py``): every column of an approved payout run, an
  issued decision or certificate is frozen except a short allow-list, identically on SQLite and
  PostgreSQL; no payout line moves into a run that is not a draft; TRUNCATE is refused on
  PostgreSQL; an audit row needs its chain hash.
* ``audit_events.chain_hash`` and ``audit_chain_head``: the hash chain over the audit trail
  (``store/audit_chain.py``). Existing rows are chained here, in id order.

The column is added with ``ADD COLUMN`` (no table rebuild on SQLite).
"""

import sqlalchemy as sa
from alembic import op

from kvp_desktop.store import audit_chain, guards

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_AUDIT = sa.table(
    "audit_events",
    sa.column("id", sa.Integer), sa.column("at", sa.DateTime), sa.column("username", sa.String),
    sa.column("machine", sa.String), sa.column("action", sa.String), sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer), sa.column("person_id", sa.Integer), sa.column("detail", sa.Text),
    sa.column("chain_hash", sa.String),
)


def upgrade() -> None:
    bind = op.get_bind()
    guards.drop(bind)  # the audit rows are written once more below (their hash), then frozen again
    op.add_column("audit_events", sa.Column("chain_hash", sa.String(64), nullable=True))
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    previous, count = audit_chain.GENESIS, 0
    rows = bind.execute(sa.select(_AUDIT).order_by(_AUDIT.c.id)).all()
    for row in rows:
        previous = audit_chain.link(previous, row)
        count += 1
        bind.execute(_AUDIT.update().where(_AUDIT.c.id == row.id).values(chain_hash=previous))
    bind.execute(sa.text("INSERT INTO audit_chain_head (id, row_count, last_hash) VALUES (1, :n, :h)"),
                 {"n": count, "h": previous})
    guards.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    guards.drop(bind)
    op.drop_table("audit_chain_head")
    op.drop_column("audit_events", "chain_hash")
    # The first migration's guards, as they were.
    from kvp_desktop.store.migrate import script_directory

    first = script_directory().get_revision("0001")
    assert first is not None
    first.module._create_guards()
