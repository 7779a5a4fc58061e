"""The supervisor dashboard on a phone and on a desktop screen, with the demo history."""

from playwright.sync_api import expect

from tests.browser.support import SHORT_TAP_TARGETS_JS, SIDEWAYS_JS, TAP_MIN, screenshot

SUPERVISOR = "chen.jie"


def test_dashboard_on_a_phone(open_phone, live_server_url):
    page = open_phone(user=SUPERVISOR)
    page.goto(live_server_url + "/")
    screenshot(page, "dashboard-00-home")
    page.locator("a.tile-dashboard").click()
    expect(page).to_have_url(live_server_url + "/dashboard")
    charts = page.get_by_role("img")
    expect(charts).to_have_count(5)
    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"], sideways["wide"]
    assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == []
    width = page.locator("#fines svg.chart").bounding_box()["width"]
    assert 300 <= width <= 390
    screenshot(page, "dashboard-01-phone")


def test_dashboard_filtered_to_a_town_on_a_desktop(open_phone, live_server_url):
    page = open_phone(width=1280, user=SUPERVISOR)
    page.goto(live_server_url + "/dashboard")
    page.locator("#region").select_option(label="栟茶镇")
    page.locator(".dash-filter button[type=submit]").click()
    page.wait_for_url("**/dashboard?region=*")
    expect(page.locator(".lead")).to_contain_text("栟茶镇")
    chart, table = page.locator("#cases svg.chart"), page.locator("#cases-table")
    chart_box, table_box = chart.bounding_box(), table.bounding_box()
    assert abs(chart_box["y"] - table_box["y"]) < 2  # side by side
    assert chart_box["x"] + chart_box["width"] <= table_box["x"]
    screenshot(page, "dashboard-02-desktop")
