"""Keeping the gettext catalogs in step with the source (used by ``make i18n`` and the tests).

Messages are extracted from ``kvp_desktop`` and ``ui`` with Babel (keywords ``_``, ``N_`` and
``translate``). The bokmål catalog is complete by construction: the message id *is* the bokmål
text, so ``nb`` gets ``msgstr = msgid`` for any new message. ``nn`` and ``en`` keep their
translations; new messages are added untranslated and fall back to bokmål until translated.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from kvp_desktop.i18n import compile_catalog

KEYWORDS = {"_": None, "N_": None, "translate": (1,)}
SOURCE_PACKAGES = ("kvp_desktop", "ui")
LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}


def extract(root: Path) -> Catalog:
    """A template catalog of every message in the source under ``root``."""
    template = Catalog(project="KVP Desktop", charset="utf-8")
    for package in SOURCE_PACKAGES:
        for filename, lineno, message, comments, context in extract_from_dir(
            root / package, method_map=[("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True
        ):
            if isinstance(message, tuple):
                message = message[0]
            if not message:
                continue
            template.add(message, locations=[(f"{package}/{filename}", lineno)], auto_comments=comments,
                         context=context)
    _add_from_fstrings(root, template)
    return template


# Babel reads an f-string as one token on Python 3.11, so ``f"<b>{_('Mål')}</b>"`` hides its message.
_IN_FSTRING = re.compile(r"""\b_\(\s*(['"])((?:(?!\1).)+)\1\s*[,)]""")


def _add_from_fstrings(root: Path, template: Catalog) -> None:
    for package in SOURCE_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if "f\"" not in line and "f'" not in line:
                    continue
                for match in _IN_FSTRING.finditer(line):
                    message = match.group(2)
                    if message not in template:
                        template.add(message, locations=[(str(path.relative_to(root)), lineno)])


def catalog_file(root: Path, lang: str) -> Path:
    return root / "resources" / "locale" / lang / "LC_MESSAGES" / "kvp.po"


def update(root: Path) -> dict[str, int]:
    """Bring every catalog up to date; returns the number of messages per language."""
    template = extract(root)
    counts = {}
    for lang, locale in LOCALES.items():
        path = catalog_file(root, lang)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
        else:
            catalog = Catalog(locale=locale, project="KVP Desktop", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        catalog.project, catalog.version = "KVP Desktop", ""
        catalog.msgid_bugs_address = ""
        catalog.copyright_holder = "KVP Desktop"
        catalog.last_translator = "KVP Desktop"
        catalog.language_team = lang
        for message in catalog:
            if not message.id:
                continue
            message.flags.discard("fuzzy")
            if lang == "nb" and not message.string:
                message.string = message.id
            elif lang != "nb" and message.string == message.id:
                message.string = ""  # untranslated: falls back to bokmål at run time
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, include_lineno=False)
        # The compiled catalog the program reads at start-up (i18n._translations).
        path.with_suffix(".mo").write_bytes(compile_catalog(path.read_bytes(), lang))
        counts[lang] = len([m for m in catalog if m.id])
    return counts
