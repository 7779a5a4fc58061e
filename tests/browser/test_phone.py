"""The app on a phone: the inspector's certificate flow, form errors, layout, tap targets, language.

Every test also fails on a console error or a request to any host but the app (see conftest.py).
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.demo import DEMO_PASSWORD
from inspect_app.extensions import db
from inspect_app.subjects.models import Subject
from inspect_app.subjects.rules import add_years
from tests.browser.support import (
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    SMALL_TEXT_JS,
    TAP_MIN,
    TEXT_MIN,
    china_today,
    screenshot,
)

CHEMICAL_WORKS = "如东洋口化工有限公司"
INSPECTOR = "zhang.wei"


@dataclass(frozen=True)
class DemoSubject:
    id: int
    people: dict[str, int]


@pytest.fixture(scope="module")
def chem(browser_app) -> DemoSubject:
    """The demo chemical works in 洋口镇 (zhang.wei's town) and its people's ids."""
    with browser_app.app_context():
        subject = db.session.scalar(select(Subject).where(Subject.name == CHEMICAL_WORKS))
        return DemoSubject(subject.id, {person.name: person.id for person in subject.people})


def person_card(page: Page, name: str):
    return page.locator("section.person").filter(
        has=page.get_by_role("heading", level=3, name=re.compile("^" + name))
    )


# --- The flow ----------------------------------------------------------------------------


def test_inspector_adds_a_certificate_on_a_phone(page, live_server_url):
    page.goto(live_server_url + "/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("登录")
    screenshot(page, "flow-01-login")

    page.get_by_label("用户名").fill(INSPECTOR)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，张伟")
    screenshot(page, "flow-02-home")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="检查对象").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("检查对象")
    screenshot(page, "flow-03-subjects")

    page.get_by_role("searchbox", name="名称或统一社会信用代码").fill("化工")
    page.get_by_role("button", name="搜索").tap()
    expect(page).to_have_url(re.compile(r"q=%E5%8C%96%E5%B7%A5"))
    results = page.locator(".list-item")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text(CHEMICAL_WORKS)
    expect(page.get_by_text("共 1 条")).to_be_visible()
    screenshot(page, "flow-04-subjects-search")

    results.first.get_by_role("link").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(CHEMICAL_WORKS)
    screenshot(page, "flow-05-subject-detail")

    card = person_card(page, "赵建华")
    certificates_before = card.locator("li.cert").count()
    card.get_by_role("link", name=re.compile("^添加证书")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("添加证书")
    expect(page.locator(".lead")).to_contain_text("赵建华")
    expect(page.get_by_text("特种作业操作证可留空：自发证之日起有效期 6 年。")).to_be_visible()
    screenshot(page, "flow-06-certificate-form")

    issued = china_today() - timedelta(days=30)
    expires = add_years(issued, 6)
    page.get_by_label("证书类别").select_option(label="危险化学品安全作业")
    page.get_by_label("证书编号").fill("T3206230099")
    page.get_by_label("发证日期").fill(issued.isoformat())
    expect(page.get_by_label("有效期至")).to_have_value("")
    screenshot(page, "flow-07-certificate-form-filled")
    page.get_by_role("button", name="保存").tap()

    expect(page.get_by_role("status").filter(has_text="证书已保存。")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(CHEMICAL_WORKS)
    expect(page).to_have_url(re.compile(r"/subjects/\d+#person-\d+$"))
    card = person_card(page, "赵建华")
    expect(card).to_be_in_viewport()
    expect(card.locator("li.cert")).to_have_count(certificates_before + 1)
    saved = card.locator("li.cert").filter(has_text="T3206230099")
    expect(saved.locator(".cert-head")).to_contain_text("危险化学品安全作业")
    expect(saved).to_contain_text(f"有效期 {issued:%Y-%m-%d} 至 {expires:%Y-%m-%d}")
    expect(saved.locator(".badge")).to_have_text("有效")
    expect(saved.locator(".badge")).to_have_class(re.compile(r"\bbadge-valid\b"))
    expect(saved).to_contain_text("尚未在全国查询平台核验")
    screenshot(page, "flow-08-subject-detail-saved")


def test_certificate_form_errors_are_shown_in_chinese_and_nothing_is_saved(
    open_phone, page_watch, live_server_url, chem
):
    page = open_phone(user=INSPECTOR)
    page.goto(f"{live_server_url}/subjects/{chem.id}")
    card = person_card(page, "钱晓明")
    certificates_before = card.locator("li.cert").count()
    card.get_by_role("link", name=re.compile("^添加证书")).tap()

    page.get_by_label("证书类别").select_option("electrician")
    page.get_by_label("证书编号").fill("T-INVALID-0001")
    page.get_by_label("发证日期").fill("2024-05-01")
    page.get_by_label("有效期至").fill("2024-01-01")
    page_watch.allow_status(422)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="保存").tap()
    assert posted.value.status == 422

    message = "有效期截止日期不能早于发证日期。"
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("请修改以下内容")
    summary_link = summary.get_by_role("link", name=re.compile(message))
    expect(summary_link).to_have_attribute("href", "#expires_on")
    expect(summary_link).to_contain_text("有效期至")
    expect(page.locator("#expires_on-error")).to_have_text(message)
    expires_field = page.get_by_label("有效期至")
    expect(expires_field).to_have_attribute("aria-invalid", "true")
    expect(expires_field).to_have_attribute("aria-describedby", "expires_on-hint expires_on-error")
    expect(page.get_by_label("证书编号")).to_have_value("T-INVALID-0001")
    expect(page.get_by_label("发证日期")).to_have_value("2024-05-01")
    screenshot(page, "certificate-form-error")

    summary_link.tap()
    expect(page).to_have_url(re.compile("#expires_on$"))
    expect(expires_field).to_be_in_viewport()

    # Back on the subject page (and once more from the server): nothing was saved.
    page.get_by_role("link", name="取消").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(CHEMICAL_WORKS)
    expect(page.get_by_text("T-INVALID-0001")).to_have_count(0)
    page.reload()
    card = person_card(page, "钱晓明")
    expect(card.locator("li.cert")).to_have_count(certificates_before)
    expect(page.get_by_text("T-INVALID-0001")).to_have_count(0)


# --- Layout at phone widths ----------------------------------------------------------------------


def _submit_bad_certificate(page: Page) -> None:
    page.get_by_label("证书编号").fill("")
    page.get_by_label("发证日期").fill("2024-05-01")
    page.get_by_label("有效期至").fill("2024-01-01")
    page.get_by_role("button", name="保存").tap()


# name: (user, path, status, action after loading)
PAGES = {
    "login": (None, "/login", 200, None),
    "home": (INSPECTOR, "/", 200, None),
    "subjects": (INSPECTOR, "/subjects/", 200, None),
    "subject-detail": (INSPECTOR, "/subjects/{chem.id}", 200, None),
    "subject-form": (INSPECTOR, "/subjects/{chem.id}/edit", 200, None),
    "certificate-form": (
        INSPECTOR,
        "/subjects/{chem.id}/people/{chem.people[孙海涛]}/certificates/new",
        200,
        None,
    ),
    "certificate-form-errors": (
        INSPECTOR,
        "/subjects/{chem.id}/people/{chem.people[孙海涛]}/certificates/new",
        422,
        _submit_bad_certificate,
    ),
    "admin-users": ("admin", "/admin/users", 200, None),
    "admin-regions": ("admin", "/admin/regions", 200, None),
    "not-found": (INSPECTOR, "/no-such-page", 404, None),
}


def open_page(open_phone, page_watch, base_url, chem, name, width) -> Page:
    user, path, status, action = PAGES[name]
    url = base_url + path.format(chem=chem)
    page = open_phone(width=width, user=user)
    if status != 200:
        page_watch.allow_status(status)
    if action is None:
        response = page.goto(url)
    else:
        page.goto(url)
        with page.expect_navigation() as navigation:
            action(page)
        response = navigation.value
    assert (response.status, page.url) == (status, url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


@pytest.mark.parametrize("width", [390, 360])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_sideways_scrolling(open_phone, page_watch, live_server_url, chem, name, width):
    page = open_page(open_phone, page_watch, live_server_url, chem, name, width)
    screenshot(page, f"{name}-{width}")
    found = page.evaluate(SIDEWAYS_JS)
    assert found["innerWidth"] == width
    assert found["scrollWidth"] <= found["innerWidth"], found


@pytest.mark.parametrize("name", list(PAGES))
def test_tap_targets_and_text_size(open_phone, page_watch, live_server_url, chem, name):
    page = open_page(open_phone, page_watch, live_server_url, chem, name, 390)
    short = page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN)
    small = page.evaluate(SMALL_TEXT_JS, TEXT_MIN)
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= TEXT_MIN
    assert not short, f"tap targets under {TAP_MIN}px: {short}"
    assert not small, f"text under {TEXT_MIN}px: {small}"


# --- Language ------------------------------------------------------------------------------------


def test_language_switch_persists(open_phone, live_server_url):
    page = open_phone(user=INSPECTOR)
    page.goto(live_server_url + "/subjects/?q=化工")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", level=1)).to_have_text("检查对象")

    page.get_by_role("button", name="English").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subjects")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/subjects/\?q="))
    expect(page.get_by_role("searchbox")).to_have_value("化工")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("lang") == "en"

    page.goto(live_server_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, 张伟")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_text(
        ["Home", "Subjects", "Cases", "Self-checks", "Tip-offs"]
    )
    screenshot(page, "home-en")

    page.get_by_role("button", name="简体中文").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，张伟")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，张伟")
    expect(page.get_by_role("button", name="简体中文")).to_have_attribute("aria-pressed", "true")
