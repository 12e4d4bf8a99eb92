"""The payout specification as a PDF for the participant (Utbetalinger → «Skriv ut spesifikasjon»).

The record comes from ``views.specification`` (which audits the print); the PDF is written by
``documents/payout_spec.py``. The UI asks here, not the documents layer."""

from __future__ import annotations

import datetime as dt

from kvp_desktop.services.payouts.views import Specification


def specification_pdf(spec: Specification, created: dt.date) -> bytes:
    """The specification's PDF bytes, dated ``created``; draft runs are marked «UTKAST»."""
    from kvp_desktop.documents.payout_spec import payout_specification_pdf  # ReportLab, when printed

    return payout_specification_pdf(spec, created)
