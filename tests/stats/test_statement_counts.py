"""附件3 is built in a fixed number of statements, however many towns and cases the county has."""

from inspect_app.extensions import db
from inspect_app.stats import services
from tests.factories import make_region, make_subject
from tests.querycount import count_statements
from tests.stats.conftest import add_case, local


def _statements(region) -> tuple[int, services.Form3Report]:
    db.session.expire_all()
    with count_statements(db.engine) as statements:
        report = services.form3_report(region, "2026-10")
    return len(statements), report


def test_form3_statements_do_not_grow_with_towns_or_cases(data):
    county = data.world.county
    before, report = _statements(county)
    for n in range(5):
        town = make_region(f"T{n}", f"Town {n}", county)
        subject = make_subject(town)
        add_case(
            subject,
            data.world.inspector_a,
            local(2026, 10, 10 + n, 9),
            penalties=[(500, "unit", False)],
        )
    db.session.commit()
    after, grown = _statements(county)
    assert after == before <= 7
    assert len(grown.units) == len(report.units) + 5
    assert grown.inspected == report.inspected + 5
    assert len(grown.filings) == len(report.filings) + 5
