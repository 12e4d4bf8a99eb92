"""Delt kontor: global record ids and the outreach copy's checkouts and conflicts

Revision ID: 0007
Revises: 0005

Every record an outreach copy carries gets a ``uuid`` (its identity in any database), filled in
for existing rows here. On SQLite the column is added with ``ALTER TABLE ADD COLUMN`` (no table
rebuild: rebuilding ``persons`` with foreign keys on would cascade to its children), so it is
NOT NULL only on PostgreSQL; the unique index and the model default guard it on SQLite.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None

UUID_TABLES = (
    "persons", "children", "portfolio_events", "portfolio_reviews", "tasks",
    "applications", "mappings", "screenings",
    "programmes", "programme_periods", "phases", "plan_blocks", "evaluations", "attendance",
)

# A random version-4 UUID per row in SQLite's SQL (randomblob is evaluated per row).
_SQLITE_UUID4 = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)"
    " || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2)"
    " || '-' || lower(hex(randomblob(6)))"
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in UUID_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("uuid", sa.String(36), nullable=True))
        if dialect == "postgresql":
            op.execute(f"UPDATE {table} SET uuid = gen_random_uuid()::text WHERE uuid IS NULL")
            op.alter_column(table, "uuid", existing_type=sa.String(36), nullable=False)
        else:
            op.execute(f"UPDATE {table} SET uuid = {_SQLITE_UUID4} WHERE uuid IS NULL")
        op.create_index(f"ix_{table}_uuid", table, ["uuid"], unique=True)

    op.create_table(
        "outreach_checkouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("username", sa.String(50), nullable=False),
        sa.Column("machine", sa.String(100), nullable=False),
        sa.Column("office_name", sa.String(200), nullable=False),
        sa.Column("person_count", sa.Integer(), nullable=False),
        sa.Column("attendance_from", sa.Date(), nullable=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.Column("returned_by", sa.String(50), nullable=True),
        sa.Column("returned_fingerprint", sa.String(64), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_checkouts")),
        sa.UniqueConstraint("uuid", name=op.f("uq_outreach_checkouts_uuid")),
    )
    op.create_table(
        "outreach_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checkout_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("record_uuid", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["checkout_id"], ["outreach_checkouts.id"], ondelete="CASCADE",
                                name=op.f("fk_outreach_records_checkout_id_outreach_checkouts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_records")),
        sa.UniqueConstraint("checkout_id", "table_name", "record_uuid",
                            name=op.f("uq_outreach_records_checkout_id_table_name_record_uuid")),
    )
    op.create_table(
        "outreach_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checkout_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("record_uuid", sa.String(36), nullable=False),
        sa.Column("office_uuid", sa.String(36), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("base_data", sa.JSON(), nullable=True),
        sa.Column("office_data", sa.JSON(), nullable=True),
        sa.Column("laptop_data", sa.JSON(), nullable=True),
        sa.Column("dependents", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("resolution", sa.String(10), nullable=True),
        sa.Column("resolved_by", sa.String(50), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_data", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["checkout_id"], ["outreach_checkouts.id"], ondelete="RESTRICT",
                                name=op.f("fk_outreach_conflicts_checkout_id_outreach_checkouts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_conflicts")),
    )
    op.create_index("ix_outreach_conflicts_state", "outreach_conflicts", ["state", "checkout_id"])


def downgrade() -> None:
    op.drop_index("ix_outreach_conflicts_state", table_name="outreach_conflicts")
    op.drop_table("outreach_conflicts")
    op.drop_table("outreach_records")
    op.drop_table("outreach_checkouts")
    for table in reversed(UUID_TABLES):
        op.drop_index(f"ix_{table}_uuid", table_name=table)
        # SQLite ≥ 3.35 drops a column in place; a batch rebuild would cascade through foreign keys.
        op.drop_column(table, "uuid")
