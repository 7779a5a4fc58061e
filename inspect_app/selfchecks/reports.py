"""An institution's self-check report (自查报告) as an attached PDF: checked to be a real PDF of
bounded size, stored through the storage object, served only to the town and the subject's link."""

import io
import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from inspect_app.audit.services import record_audit
from inspect_app.selfchecks.errors import ReportRefused
from inspect_app.selfchecks.models import SelfCheck
from inspect_app.storage import storage

log = logging.getLogger(__name__)
REPORT_AREA = "selfchecks/reports"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_PAGES = 200


def max_bytes() -> int:
    return int(current_app.config.get("SELF_CHECK_REPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_pdf(data: bytes) -> int:
    """The number of pages of a real, readable PDF within the limits; else ReportRefused."""
    if not data:
        raise ReportRefused(_l("The file is empty."))
    if len(data) > max_bytes():
        limit = max_bytes() // (1024 * 1024)
        raise ReportRefused(_l("The PDF is larger than %(limit)s MB.", limit=limit))
    if not data.lstrip()[:5] == b"%PDF-":
        raise ReportRefused(_l("This file is not a PDF. Attach the report as a PDF file."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ReportRefused(_l("The PDF is password-protected. Attach it without a password."))
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        log.info("self-check report refused: %s", type(error).__name__)
        raise ReportRefused(_l("This PDF cannot be read. Save it again as a PDF.")) from error
    if not 0 < pages <= MAX_PAGES:
        raise ReportRefused(_l("The PDF has no pages, or more than %(most)s.", most=MAX_PAGES))
    return pages


@dataclass(frozen=True)
class StoredReport:
    key: str
    sha256: str
    size: int
    pages: int


def store_report_pdf(data: bytes) -> StoredReport:
    """Check the file, then store it (content-addressed); the row is set by attach_report_pdf."""
    pages = check_pdf(data)
    key, sha256 = storage().put(data, REPORT_AREA, ".pdf")
    return StoredReport(key, sha256, len(data), pages)


def attach_report_pdf(self_check: SelfCheck, stored: StoredReport, user=None) -> None:
    """The self-check's report PDF (replacing an earlier one), saved with its answers."""
    self_check.report_pdf_key = stored.key
    self_check.report_pdf_sha256 = stored.sha256
    self_check.report_pdf_bytes = stored.size
    record_audit(
        user, "attach_self_check_report", self_check, sha256=stored.sha256, pages=stored.pages
    )


def report_pdf(self_check: SelfCheck) -> bytes | None:
    if not self_check.report_pdf_key:
        return None
    return storage().read(self_check.report_pdf_key)
