"""Referrals and exam-site measures on the dashboard: their own figures, never a 0-yuan penalty."""

from datetime import date

from inspect_app.dashboard import queries
from inspect_app.extensions import db
from inspect_app.proceedings.models import ExamMeasure, Referral
from tests import factories
from tests.dashboard.conftest import _penalty
from tests.dashboard.test_page import PERIOD, table
from tests.pages import parse


def _referral(case, user, kind, on, result_on=None) -> None:
    db.session.add(
        Referral(
            inspection_id=case.id,
            agency_kind=kind,
            agency_name=f"{kind} agency",
            referred_on=on,
            facts="facts",
            evidence=["record"],
            result="answered" if result_on else "",
            result_on=result_on,
            created_by_id=user.id,
            client_key=factories.valid_uscc(),
        )
    )


def _measure(case, site, user, kind, decided, starts, ends=None) -> None:
    db.session.add(
        ExamMeasure(
            subject_id=site.id,
            inspection_id=case.id,
            kind=kind,
            decision_no=f"No. {decided}",
            decided_on=decided,
            starts_on=starts,
            ends_on=ends,
            reason="reason",
            created_by_id=user.id,
        )
    )


def _seed(data, world):
    user = world.inspector_a
    site = factories.make_subject(world.town_a, kind="exam_site", name="Exam site A")
    other_site = factories.make_subject(world.town_a, kind="exam_site", name="Exam site A2")
    _referral(data.a1, user, "police", date(2026, 9, 20), date(2026, 10, 8))
    _referral(data.a2, user, "police", date(2026, 11, 2))
    _referral(data.a3, user, "market", date(2026, 11, 3), date(2026, 11, 10))
    _referral(data.a3, user, "other", date(2026, 8, 30))  # before the period
    _referral(data.b1, world.inspector_b, "police", date(2026, 10, 1))  # town B
    _measure(data.a2, site, user, "suspension", date(2026, 10, 9), date(2026, 10, 10),
             date(2027, 1, 9))  # fmt: skip
    _measure(
        data.a2,
        other_site,
        user,
        "suspension",
        date(2026, 9, 1),
        date(2026, 9, 2),
        date(2026, 10, 1),
    )  # fmt: skip  (over by today)
    _measure(data.a2, other_site, user, "revocation", date(2026, 6, 1), date(2026, 12, 1))
    _penalty(data.a2, 0, user, decided=date(2026, 10, 9),
             measures=["exam_qualification_suspension"])  # fmt: skip
    db.session.commit()


def test_referral_and_measure_figures(data, world, fixed_today):
    _seed(data, world)
    ids = [world.town_a.id]
    period = queries.Period.of_months("2026-09", "2026-11")
    counts = {r.agency_kind: (r.referred, r.answered) for r in queries.referral_counts(ids, period)}
    assert counts == {"police": (2, 1), "market": (1, 1), "other": (0, 0)}
    measures = queries.exam_measure_counts(ids, period, fixed_today)
    assert (measures.in_force, measures.suspended, measures.revoked) == (1, 2, 0)


def test_the_page_shows_them_apart_from_the_fines(data, world, login, english, fixed_today):
    _seed(data, world)
    login(world.supervisor_a)
    page = parse(english.get("/dashboard", query_string=PERIOD))
    assert table(page, "referrals-table")[1:] == [
        ["Public security organ (police)", "2", "1"],
        ["Market regulation department", "1", "1"],
        ["Another department", "0", "0"],
        ["Total", "3", "2"],
    ]
    assert page.select_one("#exam-in-force").get_text(strip=True) == "1"
    assert page.select_one("#exam-suspended").get_text(strip=True) == "2"
    # The measures-only decision of 9 October is no penalized unit with 0 yuan.
    assert table(page, "fines-table")[2] == ["2026-10", "1", "1", "5,000"]
