"""Fixtures for the proceeding tests: an issued case with findings and photos, and each step
taken through the services (the pages are tested where they matter)."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import select

from inspect_app import clock
from inspect_app.demo.builders import answer_every_item
from inspect_app.demo.media import signature
from inspect_app.documents.models import Document
from inspect_app.evidence.services import store_photo
from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.findings.services import issue_order, record_finding
from inspect_app.inspections.services import required_signers
from inspect_app.issuing.services import issue_record
from inspect_app.proceedings import decisions, services, statements
from inspect_app.proceedings.models import Proceeding
from inspect_app.signatures.services import record_signature
from tests import factories
from tests.public.helpers import IssuedCase as PublicCase
from tests.records.helpers import photo_bytes

FORM = {
    "party": "unit",
    "person_name": "",
    "facts": "三级安全教育卡记载 72 学时培训均在同一天完成，培训记录不真实。",
    "basis_code": "SAFL-97-4",
    "fine_yuan": "30000",
    "measures": ["order_correction"],
    "client_key": "proc-key-000000001",
}


@pytest.fixture
def english(client):
    client.set_cookie("lang", "en")
    return client


def issued_with_photos(world, subject=None):
    """A case of town A with two findings (one order each) and two photos, issued."""
    inspection = factories.make_inspection(world, subject)
    user = world.inspector_a
    answer_every_item(inspection, user)
    item = "EX-1" if inspection.subject.kind == "exam_site" else "PU-4"
    photos = [
        store_photo(
            inspection, user, photo_bytes(inspection.id * 10 + n, (320, 240)), kind="site",
            caption=f"现场照片 {n}", idempotency_key=None,
        )[0]
        for n in (1, 2)
    ]  # fmt: skip
    deadline = clock.today() + timedelta(days=30)
    for n in (1, 2):
        text = f"签到表与培训照片人数不符 {n}"
        finding = record_finding(inspection, user, text, item, client_key=f"pf{inspection.id}-{n}")
        issue_order(
            inspection, user, [finding.id], "补齐培训档案", deadline, f"po{inspection.id}-{n}"
        )
    for key, name in required_signers(inspection):
        record_signature(inspection, user, key, signature(name))
    issue_record(inspection, user)
    db.session.commit()
    return IssuedCase(inspection, [], photos)


@dataclass
class IssuedCase(PublicCase):
    photos: list = field(default_factory=list)


@pytest.fixture
def case(world):
    """An issued case of town A with two findings and two photos."""
    return issued_with_photos(world)


def findings_of(case) -> list[Finding]:
    return list(db.session.query(Finding).filter_by(inspection_id=case.inspection.id))


@pytest.fixture
def steps(app, world, case):
    """Take steps through the services in an English request, committing each."""
    return Steps(app, world, case)


class Steps:
    def __init__(self, app, world, case) -> None:
        self.app, self.world, self.case = app, world, case

    def _run(self, action):
        with self.app.test_request_context(headers={"Cookie": "lang=en"}):
            try:
                result = action()
            except Exception:
                db.session.rollback()
                raise
            db.session.commit()
            return result

    def open(self, **overrides) -> Proceeding:
        values = {
            "finding_ids": [f.id for f in findings_of(self.case)][:1],
            "party": "unit",
            "person_name": None,
            "facts": FORM["facts"],
            "basis_code": "SAFL-97-4",
            "fine_yuan": 30000,
            "measures": ["order_correction"],
            "photo_ids": [self.case.photos[0].id],
            "client_key": "",
        } | overrides
        inspection = self.case.inspection
        return self._run(
            lambda: services.open_proceeding(inspection, self.world.inspector_a, **values)
        )

    def file(self, proceeding=None, **overrides) -> Proceeding:
        p = proceeding or self.open(**overrides)
        sup = self.world.supervisor_a
        return self._run(lambda: services.approve_filing(p, sup, opinion="", version=None))

    def notify(self, proceeding=None, **overrides) -> Proceeding:
        p = proceeding or self.file(**overrides)
        return self._run(lambda: services.issue_notice(p, self.world.inspector_a, version=None))

    def paper_statement(self, p, text="我单位已整改，请求从轻处罚。", hearing=False):
        return self._run(
            lambda: statements.record_statement(
                p,
                self.world.inspector_a,
                text=text,
                given_on=clock.today(),
                hearing=hearing,
                client_key="",
                version=None,
            )
        )

    def discuss(self, p):
        return self._run(
            lambda: statements.record_discussion(
                p, self.world.inspector_a, discussed_on=clock.today(),
                members="局长、副局长、法制科长", conclusion="同意拟处罚意见。", version=None,
            )
        )  # fmt: skip

    def documents(self, p) -> list[Document]:
        query = select(Document).where(Document.proceeding_id == p.id)
        return list(db.session.scalars(query.order_by(Document.id)))

    def decide(self, p, **overrides):
        values = {
            "fine_yuan": p.proposed_fine_yuan,
            "measures": list(p.proposed_measures),
            "decided_on": clock.today(),
            "review": "",
        } | overrides
        user = self.world.inspector_a
        return self._run(lambda: decisions.decide_proceeding(p, user, version=None, **values))


def after_statement_period(clock_fixture, proceeding) -> None:
    """Move the test clock to the day after the statement (and hearing request) period."""
    last = max(filter(None, (proceeding.statement_due, proceeding.hearing_due)))
    clock_fixture.set_today(last + timedelta(days=1))
