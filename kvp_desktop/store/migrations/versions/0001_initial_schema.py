"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 02:38:16.288530
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=50), nullable=False),
    sa.Column('machine', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_events_person', ['person_id', 'at'], unique=False)

    op.create_table('office_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_name', sa.String(length=200), nullable=False),
    sa.Column('department', sa.String(length=200), nullable=False),
    sa.Column('municipality_number', sa.String(length=4), nullable=False),
    sa.Column('municipality_name', sa.String(length=100), nullable=False),
    sa.Column('district_number', sa.String(length=2), nullable=False),
    sa.Column('county', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('postcode', sa.String(length=4), nullable=False),
    sa.Column('postplace', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('org_number', sa.String(length=9), nullable=False),
    sa.Column('written_standard', sa.String(length=2), nullable=False),
    sa.Column('payout_schedule', sa.String(length=10), nullable=False),
    sa.Column('payday', sa.Integer(), nullable=False),
    sa.Column('processing_warn_days', sa.Integer(), nullable=False),
    sa.Column('idle_lock_minutes', sa.Integer(), nullable=False),
    sa.Column('holiday_weeks_per_year', sa.Integer(), nullable=False),
    sa.Column('fvl_2025_in_force', sa.Date(), nullable=True),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office_settings'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=50), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('caseworker_number', sa.String(length=10), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('parameter_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parameter', sa.String(length=100), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('value', sa.String(length=100), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_parameter_overrides_registered_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parameter_overrides')),
    sa.UniqueConstraint('parameter', 'effective_from', name=op.f('uq_parameter_overrides_parameter_effective_from'))
    )
    op.create_table('payout_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('exported_at', sa.DateTime(), nullable=True),
    sa.Column('paid_at', sa.DateTime(), nullable=True),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_payout_runs_approved_by_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_payout_runs_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout_runs'))
    )
    with op.batch_alter_table('payout_runs', schema=None) as batch_op:
        batch_op.create_index('ix_payout_runs_period', ['period_from', 'period_to'], unique=False)

    op.create_table('persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fodselsnummer', sa.String(length=11), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('sort_key', sa.String(length=220), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('marital_status', sa.String(length=1), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('postcode', sa.String(length=4), nullable=False),
    sa.Column('postplace', sa.String(length=100), nullable=False),
    sa.Column('municipality_number', sa.String(length=4), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('bank_account', sa.String(length=11), nullable=False),
    sa.Column('journal_number', sa.String(length=8), nullable=False),
    sa.Column('written_standard', sa.String(length=2), nullable=True),
    sa.Column('caseworker_id', sa.Integer(), nullable=True),
    sa.Column('first_social_assistance_application', sa.Date(), nullable=True),
    sa.Column('social_assistance_only_income_months', sa.Integer(), nullable=False),
    sa.Column('planned_20a_conditions', sa.Boolean(), nullable=False),
    sa.Column('aap_end_date', sa.Date(), nullable=True),
    sa.Column('intro_programme_end_date', sa.Date(), nullable=True),
    sa.Column('youth_without_apprenticeship', sa.Boolean(), nullable=False),
    sa.Column('upper_secondary_dropout', sa.Boolean(), nullable=False),
    sa.Column('work_experience', sa.String(length=10), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('checked_out_by', sa.String(length=100), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['caseworker_id'], ['users.id'], name=op.f('fk_persons_caseworker_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons')),
    sa.UniqueConstraint('fodselsnummer', name=op.f('uq_persons_fodselsnummer'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index('ix_persons_birth_date', ['birth_date'], unique=False)
        batch_op.create_index('ix_persons_caseworker', ['caseworker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_sort_key'), ['sort_key'], unique=False)
        batch_op.create_index('ix_persons_sort_name', ['last_name', 'first_name'], unique=False)

    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('registered_date', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('transfer_meeting_date', sa.Date(), nullable=True),
    sa.Column('kvp_caseworker_id', sa.Integer(), nullable=True),
    sa.Column('transfer_note', sa.JSON(), nullable=False),
    sa.Column('work_ability_assessment_date', sa.Date(), nullable=True),
    sa.Column('work_ability_outcome', sa.String(length=40), nullable=False),
    sa.Column('benefit_social_assistance', sa.String(length=1), nullable=False),
    sa.Column('benefit_introduction', sa.Boolean(), nullable=False),
    sa.Column('benefit_tiltakspenger', sa.Boolean(), nullable=False),
    sa.Column('benefit_folketrygd', sa.Boolean(), nullable=False),
    sa.Column('from_other_municipality', sa.Boolean(), nullable=False),
    sa.Column('other_municipality_number', sa.String(length=4), nullable=False),
    sa.Column('needs_social_assistance_while_waiting', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['kvp_caseworker_id'], ['users.id'], name=op.f('fk_applications_kvp_caseworker_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_applications_person_id_persons'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_applications_status', ['status', 'registered_date'], unique=False)

    op.create_table('children',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('in_household', sa.Boolean(), nullable=False),
    sa.Column('supported', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_children_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_children'))
    )
    with op.batch_alter_table('children', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_children_person_id'), ['person_id'], unique=False)

    op.create_table('portfolio_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_portfolio_events_created_by_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_portfolio_events_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_events'))
    )
    with op.batch_alter_table('portfolio_events', schema=None) as batch_op:
        batch_op.create_index('ix_portfolio_events_kind_date', ['kind', 'event_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_portfolio_events_person_id'), ['person_id'], unique=False)

    op.create_table('portfolio_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    sa.Column('outcome', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('other_right', sa.String(length=100), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_portfolio_reviews_person_id_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_portfolio_reviews_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_reviews'))
    )
    with op.batch_alter_table('portfolio_reviews', schema=None) as batch_op:
        batch_op.create_index('ix_portfolio_reviews_person_at', ['person_id', 'reviewed_at'], unique=False)

    op.create_table('recoveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('incorrect_information', sa.Boolean(), nullable=False),
    sa.Column('deduction_per_payout', sa.BigInteger(), nullable=False),
    sa.Column('registered_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_recoveries_person_id_persons'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recoveries'))
    )
    with op.batch_alter_table('recoveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recoveries_person_id'), ['person_id'], unique=False)

    op.create_table('refund_claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('benefit', sa.String(length=20), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_refund_claims_person_id_persons'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund_claims'))
    )
    with op.batch_alter_table('refund_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_claims_person_id'), ['person_id'], unique=False)

    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'], name=op.f('fk_tasks_assigned_to_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_tasks_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_person_id'), ['person_id'], unique=False)

    op.create_table('mappings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('characteristics', sa.JSON(), nullable=False),
    sa.Column('education', sa.Text(), nullable=False),
    sa.Column('work_experience', sa.Text(), nullable=False),
    sa.Column('interests', sa.Text(), nullable=False),
    sa.Column('obstacles', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_mappings_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mappings')),
    sa.UniqueConstraint('application_id', name=op.f('uq_mappings_application_id'))
    )
    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('caseworker_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('planned_end_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('kostra_status', sa.String(length=1), nullable=False),
    sa.Column('end_situations', sa.JSON(), nullable=False),
    sa.Column('main_income_after', sa.String(length=2), nullable=False),
    sa.Column('individual_plan', sa.String(length=20), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_programmes_application_id_applications')),
    sa.ForeignKeyConstraint(['caseworker_id'], ['users.id'], name=op.f('fk_programmes_caseworker_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_programmes_person_id_persons'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes'))
    )
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programmes_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_programmes_status', ['status', 'start_date'], unique=False)

    op.create_table('screenings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('facts', sa.JSON(), nullable=False),
    sa.Column('assessments', sa.JSON(), nullable=False),
    sa.Column('conclusion', sa.String(length=10), nullable=True),
    sa.Column('concluded_at', sa.DateTime(), nullable=True),
    sa.Column('concluded_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_screenings_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['concluded_by_id'], ['users.id'], name=op.f('fk_screenings_concluded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screenings'))
    )
    with op.batch_alter_table('screenings', schema=None) as batch_op:
        batch_op.create_index('ix_screenings_application', ['application_id', 'revision'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('planned_hours', sa.Integer(), nullable=False),
    sa.Column('attended_hours', sa.Integer(), nullable=False),
    sa.Column('valid_absence_hours', sa.Integer(), nullable=False),
    sa.Column('valid_absence_type', sa.String(length=30), nullable=False),
    sa.Column('invalid_absence_hours', sa.Integer(), nullable=False),
    sa.Column('paid_work_hours', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_attendance_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('programme_id', 'day', name=op.f('uq_attendance_programme_id_day'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_day'), ['day'], unique=False)

    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_certificates_programme_id_programmes'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_programme_id'), ['programme_id'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('written_standard', sa.String(length=2), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=True),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_decisions_application_id_applications')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_decisions_created_by_id_users')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_decisions_issued_by_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_decisions_person_id_persons'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_decisions_programme_id_programmes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index('ix_decisions_person', ['person_id', 'decision_date'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_date', sa.Date(), nullable=False),
    sa.Column('held_date', sa.Date(), nullable=True),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('next_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_evaluations_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluations_programme_id'), ['programme_id'], unique=False)

    op.create_table('other_benefits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_other_benefits_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_other_benefits'))
    )
    with op.batch_alter_table('other_benefits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_other_benefits_programme_id'), ['programme_id'], unique=False)

    op.create_table('payout_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('corrects_line_id', sa.Integer(), nullable=True),
    sa.Column('correction_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['corrects_line_id'], ['payout_lines.id'], name=op.f('fk_payout_lines_corrects_line_id_payout_lines')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_payout_lines_person_id_persons'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_payout_lines_programme_id_programmes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['run_id'], ['payout_runs.id'], name=op.f('fk_payout_lines_run_id_payout_runs'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout_lines'))
    )
    with op.batch_alter_table('payout_lines', schema=None) as batch_op:
        batch_op.create_index('ix_payout_lines_person', ['person_id', 'run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payout_lines_run_id'), ['run_id'], unique=False)

    op.create_table('phases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_phases_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phases'))
    )
    with op.batch_alter_table('phases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phases_programme_id'), ['programme_id'], unique=False)

    op.create_table('supplementary_benefits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_supplementary_benefits_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplementary_benefits')),
    sa.UniqueConstraint('programme_id', 'year', 'kind', name=op.f('uq_supplementary_benefits_programme_id_year_kind'))
    )
    op.create_table('plan_blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_minute', sa.Integer(), nullable=False),
    sa.Column('end_minute', sa.Integer(), nullable=False),
    sa.Column('activity', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['phase_id'], ['phases.id'], name=op.f('fk_plan_blocks_phase_id_phases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_blocks'))
    )
    with op.batch_alter_table('plan_blocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_blocks_phase_id'), ['phase_id'], unique=False)

    op.create_table('programme_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_programme_periods_decision_id_decisions')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_periods_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_periods'))
    )
    with op.batch_alter_table('programme_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_periods_programme_id'), ['programme_id'], unique=False)


    _create_guards()

def downgrade() -> None:
    _drop_guards()
    with op.batch_alter_table('programme_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_periods_programme_id'))

    op.drop_table('programme_periods')
    with op.batch_alter_table('plan_blocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_blocks_phase_id'))

    op.drop_table('plan_blocks')
    op.drop_table('supplementary_benefits')
    with op.batch_alter_table('phases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phases_programme_id'))

    op.drop_table('phases')
    with op.batch_alter_table('payout_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payout_lines_run_id'))
        batch_op.drop_index('ix_payout_lines_person')

    op.drop_table('payout_lines')
    with op.batch_alter_table('other_benefits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_other_benefits_programme_id'))

    op.drop_table('other_benefits')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluations_programme_id'))

    op.drop_table('evaluations')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_decisions_person')

    op.drop_table('decisions')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_programme_id'))

    op.drop_table('certificates')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_day'))

    op.drop_table('attendance')
    with op.batch_alter_table('screenings', schema=None) as batch_op:
        batch_op.drop_index('ix_screenings_application')

    op.drop_table('screenings')
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_index('ix_programmes_status')
        batch_op.drop_index(batch_op.f('ix_programmes_person_id'))

    op.drop_table('programmes')
    op.drop_table('mappings')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_person_id'))

    op.drop_table('tasks')
    with op.batch_alter_table('refund_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_claims_person_id'))

    op.drop_table('refund_claims')
    with op.batch_alter_table('recoveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recoveries_person_id'))

    op.drop_table('recoveries')
    with op.batch_alter_table('portfolio_reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_portfolio_reviews_person_at')

    op.drop_table('portfolio_reviews')
    with op.batch_alter_table('portfolio_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_events_person_id'))
        batch_op.drop_index('ix_portfolio_events_kind_date')

    op.drop_table('portfolio_events')
    with op.batch_alter_table('children', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_children_person_id'))

    op.drop_table('children')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_status')
        batch_op.drop_index(batch_op.f('ix_applications_person_id'))

    op.drop_table('applications')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index('ix_persons_sort_name')
        batch_op.drop_index(batch_op.f('ix_persons_sort_key'))
        batch_op.drop_index('ix_persons_caseworker')
        batch_op.drop_index('ix_persons_birth_date')

    op.drop_table('persons')
    with op.batch_alter_table('payout_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_payout_runs_period')

    op.drop_table('payout_runs')
    op.drop_table('parameter_overrides')
    op.drop_table('users')
    op.drop_table('office_settings')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_person')
        batch_op.drop_index('ix_audit_events_at')

    op.drop_table('audit_events')
    op.drop_table('activities')


# Append-only and frozen records, enforced by the database itself so that no code path (nor a
# hand-made SQL session) can change an approved payout, an issued decision or the audit trail.
_SQLITE_GUARDS = {
    "audit_no_update": "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'Revisjonsloggen kan ikke endres'); END",
    "audit_no_delete": "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'Revisjonsloggen kan ikke slettes'); END",
    "payout_run_frozen": "CREATE TRIGGER payout_run_frozen BEFORE UPDATE ON payout_runs "
    "WHEN OLD.state <> 'draft' AND (NEW.state = 'draft' OR NEW.total <> OLD.total "
    "OR NEW.period_from <> OLD.period_from OR NEW.period_to <> OLD.period_to "
    "OR NEW.approved_by_id IS NOT OLD.approved_by_id OR NEW.created_by_id IS NOT OLD.created_by_id) "
    "BEGIN SELECT RAISE(ABORT, 'En godkjent utbetalingskjøring kan ikke endres'); END",
    "payout_run_no_delete": "CREATE TRIGGER payout_run_no_delete BEFORE DELETE ON payout_runs "
    "WHEN OLD.state <> 'draft' "
    "BEGIN SELECT RAISE(ABORT, 'En godkjent utbetalingskjøring kan ikke slettes'); END",
    "payout_line_insert_frozen": "CREATE TRIGGER payout_line_insert_frozen BEFORE INSERT ON payout_lines "
    "WHEN (SELECT state FROM payout_runs WHERE id = NEW.run_id) <> 'draft' "
    "BEGIN SELECT RAISE(ABORT, 'En godkjent utbetalingskjøring kan ikke endres'); END",
    "payout_line_update_frozen": "CREATE TRIGGER payout_line_update_frozen BEFORE UPDATE ON payout_lines "
    "WHEN (SELECT state FROM payout_runs WHERE id = OLD.run_id) <> 'draft' "
    "BEGIN SELECT RAISE(ABORT, 'En godkjent utbetalingskjøring kan ikke endres'); END",
    "payout_line_delete_frozen": "CREATE TRIGGER payout_line_delete_frozen BEFORE DELETE ON payout_lines "
    "WHEN (SELECT state FROM payout_runs WHERE id = OLD.run_id) <> 'draft' "
    "BEGIN SELECT RAISE(ABORT, 'En godkjent utbetalingskjøring kan ikke endres'); END",
    "decision_frozen": "CREATE TRIGGER decision_frozen BEFORE UPDATE ON decisions "
    "WHEN OLD.state <> 'draft' AND (NEW.state = 'draft' OR NEW.content <> OLD.content "
    "OR NEW.pdf IS NOT OLD.pdf OR NEW.sha256 IS NOT OLD.sha256 OR NEW.kind <> OLD.kind "
    "OR NEW.decision_date IS NOT OLD.decision_date OR NEW.person_id <> OLD.person_id) "
    "BEGIN SELECT RAISE(ABORT, 'Et fattet vedtak kan ikke endres'); END",
    "decision_no_delete": "CREATE TRIGGER decision_no_delete BEFORE DELETE ON decisions "
    "WHEN OLD.state <> 'draft' BEGIN SELECT RAISE(ABORT, 'Et fattet vedtak kan ikke slettes'); END",
    "certificate_frozen": "CREATE TRIGGER certificate_frozen BEFORE UPDATE ON certificates "
    "WHEN OLD.state <> 'draft' AND (NEW.state = 'draft' OR NEW.content <> OLD.content "
    "OR NEW.pdf IS NOT OLD.pdf OR NEW.sha256 IS NOT OLD.sha256) "
    "BEGIN SELECT RAISE(ABORT, 'Et utstedt deltakerbevis kan ikke endres'); END",
}

_PG_FUNCTIONS = """
CREATE FUNCTION kvp_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;
CREATE FUNCTION kvp_run_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state <> 'draft' AND (NEW.state = 'draft' OR NEW.total <> OLD.total
     OR NEW.period_from <> OLD.period_from OR NEW.period_to <> OLD.period_to
     OR NEW.approved_by_id IS DISTINCT FROM OLD.approved_by_id
     OR NEW.created_by_id IS DISTINCT FROM OLD.created_by_id) THEN
    RAISE EXCEPTION 'En godkjent utbetalingskjøring kan ikke endres';
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION kvp_run_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state <> 'draft' THEN RAISE EXCEPTION 'En godkjent utbetalingskjøring kan ikke slettes'; END IF;
  RETURN OLD;
END $$;
CREATE FUNCTION kvp_line_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE run_state text;
BEGIN
  SELECT state INTO run_state FROM payout_runs
   WHERE id = (CASE WHEN TG_OP = 'INSERT' THEN NEW.run_id ELSE OLD.run_id END);
  IF run_state <> 'draft' THEN RAISE EXCEPTION 'En godkjent utbetalingskjøring kan ikke endres'; END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION kvp_document_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.state <> 'draft' THEN RAISE EXCEPTION 'Et fattet dokument kan ikke slettes'; END IF;
    RETURN OLD;
  END IF;
  IF OLD.state <> 'draft' AND (NEW.state = 'draft' OR NEW.content::text <> OLD.content::text
     OR NEW.pdf IS DISTINCT FROM OLD.pdf OR NEW.sha256 IS DISTINCT FROM OLD.sha256) THEN
    RAISE EXCEPTION 'Et fattet vedtak kan ikke endres';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION kvp_refuse('Revisjonsloggen kan ikke endres eller slettes');
CREATE TRIGGER payout_run_frozen BEFORE UPDATE ON payout_runs FOR EACH ROW EXECUTE FUNCTION kvp_run_frozen();
CREATE TRIGGER payout_run_no_delete BEFORE DELETE ON payout_runs
  FOR EACH ROW EXECUTE FUNCTION kvp_run_no_delete();
CREATE TRIGGER payout_line_frozen BEFORE INSERT OR UPDATE OR DELETE ON payout_lines
  FOR EACH ROW EXECUTE FUNCTION kvp_line_frozen();
CREATE TRIGGER decision_frozen BEFORE UPDATE OR DELETE ON decisions
  FOR EACH ROW EXECUTE FUNCTION kvp_document_frozen();
CREATE TRIGGER certificate_frozen BEFORE UPDATE OR DELETE ON certificates
  FOR EACH ROW EXECUTE FUNCTION kvp_document_frozen();
"""

_PG_DROP = """
DROP TRIGGER IF EXISTS certificate_frozen ON certificates;
DROP TRIGGER IF EXISTS decision_frozen ON decisions;
DROP TRIGGER IF EXISTS payout_line_frozen ON payout_lines;
DROP TRIGGER IF EXISTS payout_run_no_delete ON payout_runs;
DROP TRIGGER IF EXISTS payout_run_frozen ON payout_runs;
DROP TRIGGER IF EXISTS audit_no_update ON audit_events;
DROP FUNCTION IF EXISTS kvp_document_frozen(); DROP FUNCTION IF EXISTS kvp_line_frozen();
DROP FUNCTION IF EXISTS kvp_run_no_delete(); DROP FUNCTION IF EXISTS kvp_run_frozen();
DROP FUNCTION IF EXISTS kvp_refuse();
"""


def _create_guards() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for sql in _SQLITE_GUARDS.values():
            op.execute(sql)
    elif dialect == "postgresql":
        op.execute(_PG_FUNCTIONS)


def _drop_guards() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in _SQLITE_GUARDS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        op.execute(_PG_DROP)
