"""A short, password-free description of where the database is (for the status bar)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def describe_database(url: str) -> str:
    """``sqlite:////home/x/kvp.db`` → ``kvp.db``; ``postgresql+psycopg://u:pw@host:5432/kvp`` →
    ``host/kvp``. Never shows a user name or password."""
    scheme, _sep, rest = url.partition("://")
    if not _sep:
        return url.replace("\\", "/").rsplit("/", 1)[-1] or url
    if scheme.startswith("sqlite"):
        path = rest.lstrip("/").split("?", 1)[0]
        if not path or path == ":memory:":
            return ":memory:"
        return unquote(path).replace("\\", "/").rsplit("/", 1)[-1]
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    database = parts.path.lstrip("/") or "?"
    return f"{host}/{unquote(database)}"
