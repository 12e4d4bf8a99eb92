"""Logs never carry a fødselsnummer, whatever the code hands them."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from kvp_desktop.logging_setup import configure_logging, mask_personal_data


def test_masking_covers_the_usual_spellings() -> None:
    assert mask_personal_data("fnr 15108695088 ok") == "fnr 151086***** ok"
    assert mask_personal_data("151086 95088") == "151086*****"
    assert mask_personal_data("D-nr 55108695088.") == "D-nr 551086*****."
    assert mask_personal_data("beløp 123456789012") == "beløp 123456789012"  # 12 digits: not an id
    assert mask_personal_data("konto 1234.56.78903") == "konto 1234.56.78903"


def test_log_file_masks_messages_arguments_and_tracebacks(tmp_path: Path) -> None:
    session_log = os.environ.get("KVP_LOG_DIR")
    path = configure_logging(tmp_path, logging.DEBUG)
    log = logging.getLogger("kvp_desktop.test")
    log.warning("Ugyldig fødselsnummer %s", "15108695088")
    try:
        raise ValueError("fant ikke 14439929198 i registeret")
    except ValueError:
        log.exception("Uventet feil")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "151086*****" in text and "144399*****" in text
    assert "15108695088" not in text and "14439929198" not in text
    assert "Traceback" in text
    configure_logging(Path(session_log) if session_log else None)  # back to the session's log
