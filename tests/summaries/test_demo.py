"""The demo data: 洋口镇 has filed its self-check summary and has a summary report draft."""

import io

from docx import Document
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.regions.services import find_region
from inspect_app.stats.form2_filing import form2_filing
from inspect_app.storage import storage
from inspect_app.summaries.models import SummaryDraft


def test_the_demo_town_filed_form2_and_has_a_summary_draft(demo_app):
    town = find_region("320623105")
    [status] = form2_filing(town).filings
    assert status.report is not None and status.report.figures["rows"][-1][0] >= 1
    county = form2_filing(town.parent)
    assert {s.region.name: s.state for s in county.filings}["栟茶镇"] == "overdue"
    [draft] = db.session.scalars(select(SummaryDraft).where(SummaryDraft.region_id == town.id))
    doc = Document(io.BytesIO(storage().read(draft.docx_key)))
    assert len(doc.tables) == 3 and doc.paragraphs[0].text.startswith("洋口镇")
    assert storage().read(draft.pdf_key).startswith(b"%PDF")
