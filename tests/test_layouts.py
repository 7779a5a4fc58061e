"""Layouts load the shared stylesheets everywhere, in their cascade order, and a feature's own
stylesheet only on its pages."""

from tests.pages import parse
from tests.selfchecks.helpers import sent

# The shared sheets in cascade order: a later sheet's rules win over an earlier one's.
SHARED = ["/static/css/app.css", "/static/css/cases.css", "/static/css/sections.css"]


def _sheets(response) -> list[str]:
    page = parse(response)
    return [link["href"].split("?")[0] for link in page.select('link[rel="stylesheet"]')]


def test_feature_stylesheets_follow_the_blueprint(client, world, login):
    self_check = sent(world.subject_a, world.supervisor_a)
    # the public layout (a page opened from a QR code) loads the same shared sheets
    assert _sheets(client.get(f"/s/{self_check.token}")) == [*SHARED, "/static/css/selfchecks.css"]
    login(world.supervisor_a)
    # offline.css: the sync status bar on every signed-in page
    assert _sheets(client.get("/")) == [*SHARED, "/static/css/offline.css"]
    assert _sheets(client.get("/dashboard"))[-1] == "/static/css/dashboard.css"
    assert _sheets(client.get("/reports/form3"))[-1] == "/static/css/stats.css"
    for name in ("app", "cases", "sections", "offline", "selfchecks", "stats", "dashboard"):
        assert client.get(f"/static/css/{name}.css").status_code == 200


def test_the_header_marks_the_section_of_the_page(client, world, login):
    login(world.inspector_a)

    def current(url: str) -> list[str]:
        page = parse(client.get(url))
        return [a.get_text(strip=True) for a in page.select(".site-nav a[aria-current='page']")]

    assert current("/inspections/") == ["案件"]
    for url in ("/offline/", "/offline/outbox", "/offline/case"):
        assert current(url) == [], url


def test_supervisors_reach_plans_from_the_header(client, world, login):
    login(world.supervisor_a)
    for url in ("/plans/", "/tasks/", "/coverage/"):
        page = parse(client.get(url))
        marked = [a.get_text(strip=True) for a in page.select(".site-nav a[aria-current='page']")]
        assert marked == ["计划"], url
    client.post("/logout")
    login(world.inspector_a)
    links = {a["href"] for a in parse(client.get("/")).select(".site-nav a")}
    assert "/plans/" not in links  # inspectors find their tasks on the home page


def test_the_reports_section_covers_the_summary_draft(client, world, login):
    login(world.supervisor_a)
    for url in ("/reports/summary", "/reports/form2", "/dashboard"):
        page = parse(client.get(url))
        marked = [a.get_text(strip=True) for a in page.select(".site-nav a[aria-current='page']")]
        assert marked == ["报表"], url
