"""A Norwegian sort key for ORDER BY in the database.

The UI sorts what it has in memory with QCollator (nb_NO); big lists are sorted by the database,
which knows no Norwegian collation (SQLite has none, and PostgreSQL's depends on the server's
ICU set-up). So each person row stores ``sort_key``: the name case-folded, accents removed
except for the Norwegian letters, and Æ, Ø, Å (and Ä, Ö as their variants) mapped after Z,
in that order — as a Norwegian dictionary sorts; "Aa" counts as "Å", as in ICU's nb collation.
"""

from __future__ import annotations

import unicodedata

# Characters after "z" in ASCII order: "{" < "|" < "}" — so æ < ø < å, all after z.
_NORWEGIAN = {"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"}
_SPECIAL = {"đ": "d", "ŋ": "n", "ŧ": "t", "ß": "ss", "ł": "l"}


def norwegian_sort_key(text: str) -> str:
    """``"Ødegård, Åse"`` sorts after ``"Zahl, Per"``; ``"Éva"`` sorts as ``"eva"``."""
    out: list[str] = []
    # "Aa" is the old spelling of "Å" and sorts as it (Aasen next to Åsen), as QCollator does for nb.
    for ch in text.casefold().replace("aa", "å"):
        if ch in _NORWEGIAN:
            out.append(_NORWEGIAN[ch])
            continue
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0]
        if base == "a" and "\u030a" in decomposed:  # å written as a + ring
            out.append("}")
        elif base == "o" and "\u0338" in decomposed:
            out.append("|")
        else:
            out.append(base)
    return "".join(out)


def person_sort_key(last_name: str, first_name: str) -> str:
    return f"{norwegian_sort_key(last_name)} {norwegian_sort_key(first_name)}"[:220]
