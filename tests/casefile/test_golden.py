"""Three demo cases as the revision snapshot, the PDF and the public page state them, compared
with golden files (see golden.py for what is normalised and how to rewrite them)."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from inspect_app.casefile.snapshot import build_snapshot, canonical_bytes
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.records.models import Edition
from inspect_app.records.services import render_record
from inspect_app.subjects.models import Subject
from tests.casefile.golden import check_golden, normalise
from tests.records.helpers import pdf_text

CASES = {
    # issued: findings, an order, a penalty decided later (not on the record), quizzes,
    # certificates
    "chemical": "如东洋口化工有限公司",
    # answered on the public page, a refused signature, quizzes
    "construction": "如东县洋口建筑安装工程有限公司",
    # an order past its deadline
    "fireworks": "栟茶镇烟花爆竹批发部",
}


def demo_case(subject_name: str) -> Inspection:
    query = select(Inspection).join(Subject).where(Subject.name == subject_name)
    return db.session.scalars(query.order_by(Inspection.id)).first()


def secrets_of(case: Inspection) -> tuple[str, ...]:
    return (case.verification_code or "", case.public_token or "")


def page_text(html: bytes) -> str:
    """The visible text of the page's <main>, one line per text run, blank lines dropped."""
    main = BeautifulSoup(html, "html.parser").find("main")
    lines = (line.strip() for line in main.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line) + "\n"


@pytest.mark.parametrize("key", sorted(CASES))
def test_snapshot_equals_golden(demo_app, key):
    case = demo_case(CASES[key])
    text = canonical_bytes(build_snapshot(case)).decode("utf-8")
    check_golden(f"{key}.snapshot.json", normalise(text, secrets_of(case)) + "\n")


@pytest.mark.parametrize("edition", [Edition.FULL, Edition.PUBLIC])
@pytest.mark.parametrize("key", sorted(CASES))
def test_pdf_text_equals_golden(demo_app, key, edition):
    case = demo_case(CASES[key])
    text = pdf_text(render_record(case, edition=edition))
    check_golden(f"{key}.{edition}.pdf.txt", normalise(text, secrets_of(case)), loose_lines=True)


@pytest.mark.parametrize("key", sorted(CASES))
def test_public_page_equals_golden(demo_client, key):
    case = demo_case(CASES[key])
    response = demo_client.get(f"/c/{case.public_token}")
    assert response.status_code == 200
    check_golden(f"{key}.public.txt", normalise(page_text(response.data), secrets_of(case)))
