"""The layer rules: the core never imports Qt; the UI never touches the database layer."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def test_core_never_imports_qt() -> None:
    offenders = {f: n for f, n in _imports("kvp_desktop").items() if any(m.startswith("PySide6") for m in n)}
    assert offenders == {}


def test_ui_never_imports_storage_or_sqlalchemy() -> None:
    forbidden = ("sqlalchemy", "kvp_desktop.store", "alembic", "reportlab")
    offenders = {
        f: sorted(m for m in n if m.startswith(forbidden)) for f, n in _imports("ui").items()
        if any(m.startswith(forbidden) for m in n)
    }
    assert offenders == {}


def test_rules_are_pure() -> None:
    forbidden = ("sqlalchemy", "reportlab", "PySide6", "kvp_desktop.store", "kvp_desktop.services")
    offenders = {f: n for f, n in _imports("kvp_desktop/rules").items() if any(m.startswith(forbidden) for m in n)}
    assert offenders == {}


def test_import_linter_contracts_hold() -> None:
    """The same rules, checked by import-linter on the real import graph (indirect imports too)."""
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_network_calls_anywhere() -> None:
    """Everything works offline: no module of the program talks to a remote service."""
    network = ("requests", "urllib.request", "http.client", "httpx", "aiohttp", "socket", "smtplib", "ftplib",
               "PySide6.QtNetwork", "PySide6.QtWebEngineCore")
    offenders = {
        f: sorted(m for m in n if m.startswith(network))
        for package in ("kvp_desktop", "ui")
        for f, n in _imports(package).items()
        if any(m.startswith(network) for m in n)
    }
    assert offenders == {}


def test_ui_reaches_documents_and_exports_only_through_the_services() -> None:
    """PDFs and files are made by services (ReportLab and openpyxl stay off the UI's import list);
    an import under ``TYPE_CHECKING`` (an annotation) is allowed."""
    forbidden = ("kvp_desktop.documents", "kvp_desktop.exports")
    offenders = {}
    for path in ROOT.joinpath("ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        annotations_only = {
            id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
            and getattr(block.test, "id", getattr(block.test, "attr", "")) == "TYPE_CHECKING"
            for node in ast.walk(block)
        }
        names = {
            node.module for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and id(node) not in annotations_only
        } | {
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) and id(node) not in annotations_only
            for alias in node.names
        }
        bad = sorted(m for m in names if m.startswith(forbidden))
        if bad:
            offenders[str(path.relative_to(ROOT))] = bad
    assert offenders == {}
