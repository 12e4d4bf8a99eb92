"""Role tests for the services, on SQLite and PostgreSQL like the integration suite."""

from tests.integration.conftest import backend, db_url  # noqa: F401  (the two-backend fixtures)
