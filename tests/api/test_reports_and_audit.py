"""Report figures, catalogs and a case's audit log over the API."""

from inspect_app.stats import services

PROBLEM = "application/problem+json"


def test_form3_figures_are_the_report_page_s(api, world, clock):
    month = clock.today().strftime("%Y-%m")
    body = api(world.county_supervisor).get(f"/api/v1/reports/form3?month={month}").get_json()
    report = services.form3_report(world.county, month)
    assert body["month"] == month and body["inspected"] == report.inspected
    assert [u["region"]["id"] for u in body["units"]] == [r.id for r, _u in report.units]
    assert {f["region"]["code"]: f["state"] for f in body["filings"]} == {
        s.region.code: s.state for s in report.filings
    }


def test_form2_defaults_to_this_month_and_a_town_reads_itself(api, world, clock):
    body = api(world.supervisor_a).get("/api/v1/reports/form2").get_json()
    assert body["month"] == clock.today().strftime("%Y-%m")
    assert body["region"]["id"] == world.town_a.id and body["summed"] is None
    assert [u["region"]["id"] for u in body["units"]] == [world.town_a.id]
    assert [row["item"] for row in body["units"][0]["items"]] == [1, 2, 3, 4, 5, 6]


def test_reports_refuse_inspectors_other_towns_and_bad_months(api, world):
    assert api(world.inspector_a).get("/api/v1/reports/form3").status_code == 403
    other = api(world.supervisor_a).get(f"/api/v1/reports/form3?region_id={world.town_b.id}")
    assert other.status_code == 404 and other.mimetype == PROBLEM
    bad = api(world.admin).get("/api/v1/reports/form2?month=2026-13").get_json()
    assert bad["status"] == 422 and bad["errors"]["month"] == [
        "请按“年-月”格式填写月份，例如 2026-04。"
    ]


def test_the_audit_log_is_for_supervisors(api, world):
    url = f"/api/v1/cases/{world.inspection_b.id}/audit"
    assert api(world.inspector_b).get(url).status_code == 403
    entries = api(world.county_supervisor).get(url).get_json()["items"]
    assert (
        entries[0]["action"] == "open_inspection" and entries[0]["user_id"] == world.inspector_b.id
    )


def test_catalogs_read_the_reviewed_files(api, world):
    caller = api(world.inspector_a)
    campaigns = caller.get("/api/v1/campaigns").get_json()["items"]
    code = campaigns[0]["code"]
    ref = campaigns[0]["catalogs"][0]
    url = f"/api/v1/campaigns/{code}/catalogs/{ref['kind']}/{ref['latest_version']}"
    catalog = caller.get(url).get_json()
    assert catalog["items"] and all(item["basis"] for item in catalog["items"])
    bases = {b["code"] for b in caller.get("/api/v1/legal-bases").get_json()["items"]}
    assert {code for item in catalog["items"] for code in item["basis"]} <= bases
    assert caller.get("/api/v1/campaigns/nope").status_code == 404
    assert caller.get(f"/api/v1/campaigns/{code}/catalogs/{ref['kind']}/99").status_code == 404
