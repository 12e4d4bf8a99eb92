"""KVP Desktop core: rules, storage, services, documents and exports (never Qt)."""

__version__ = "0.1.0"
