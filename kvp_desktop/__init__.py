"""KVP Desktop core: rules, storage, services, documents and exports (never Qt)."""

__version__ = "0.1.0"

# The names the data, log and settings folders are made from (platformdirs, QSettings). Here and not in
# store.db so that start-up code can use them without importing SQLAlchemy.
APP_NAME = "KVP Desktop"
APP_AUTHOR = "KVP"
