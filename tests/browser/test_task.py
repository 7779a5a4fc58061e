"""An inspector starts from a drawn task on a phone (390×844) and finishes the case; the
supervisor's plan, draw, coverage and task pages at the same size.

zhang.wei finds the demo draw's task at 如东县洋口建筑安装工程有限公司 on the home page, opens
it, starts the inspection with the task's two officers already ticked, answers every item, both
officers sign, the representative refuses, and the record is issued: the task is then done.
Screenshots go to tests/output/screens/task-NN-<step>.png.
"""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.plans.models import Draw, EnforcementPlan, Task
from inspect_app.subjects.models import Subject
from tests.browser.support import (
    SCREENS,
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    SMALL_TEXT_JS,
    TAP_MIN,
    TEXT_MIN,
    screenshot,
)
from tests.browser.test_inspection import answer, flash, item, sign

SUBJECT = "如东县洋口建筑安装工程有限公司"
REFUSAL = "负责人表示需请示总经理，拒绝签字。"


class Shots:
    """Numbered screenshots, each page checked for sideways scrolling, tap targets, text size."""

    def __init__(self, prefix: str) -> None:
        self.prefix, self.count = prefix, 0

    def __call__(self, page: Page, step: str, screen: bool = False) -> None:
        self.count += 1
        page.wait_for_load_state()
        sideways = page.evaluate(SIDEWAYS_JS)
        assert sideways["scrollWidth"] <= sideways["innerWidth"], (step, sideways["wide"])
        assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == [], step
        assert page.evaluate(SMALL_TEXT_JS, TEXT_MIN) == [], step
        name = f"{self.prefix}-{self.count:02d}-{step}"
        if screen:
            page.screenshot(path=str(SCREENS / f"{name}.png"))
        else:
            screenshot(page, name)


@pytest.fixture(scope="module")
def drawn(browser_app) -> dict:
    with browser_app.app_context():
        subject = db.session.scalar(select(Subject).where(Subject.name == SUBJECT))
        task = db.session.scalar(select(Task).where(Task.subject_id == subject.id))
        users = {u.username: u.id for u in db.session.scalars(select(User))}
        plan = db.session.scalar(select(EnforcementPlan).order_by(EnforcementPlan.id))
        draw = db.session.scalar(select(Draw))
        return {"task": task.id, "users": users, "plan": plan.id, "draw": draw.id}


def read_task(browser_app, task_id: int) -> Task:
    with browser_app.app_context():
        task = db.session.get(Task, task_id)
        db.session.expunge(task)
        return task


def test_an_inspector_starts_from_an_assigned_task_and_finishes_the_case(
    open_phone, live_server_url, browser_app, drawn
):
    shots = Shots("task")
    page = open_phone(user="zhang.wei")
    page.goto(live_server_url + "/")
    tasks = page.locator("#my-tasks + .task-list")
    due = [text[:7] for text in tasks.locator(".where").all_inner_texts()]
    assert due == sorted(due), "tasks are listed by due month"
    shots(page, "home")
    tasks.get_by_role("link", name=re.compile(SUBJECT)).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(page.locator(".facts")).to_contain_text("张伟、李娜")
    shots(page, "task")

    page.get_by_role("link", name="开始检查").tap()
    expect(page.get_by_role("checkbox", name=re.compile("^张伟"))).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile("^李娜"))).to_be_checked()
    shots(page, "open-case")
    page.get_by_role("button", name="开始检查").tap()
    expect(page).to_have_url(re.compile(r"/inspections/\d+/checklist$"))
    case_id = int(re.search(r"/inspections/(\d+)/", page.url).group(1))
    assert read_task(browser_app, drawn["task"]).inspection_id == case_id

    expect(page.locator("section.check-item").first).to_be_visible()  # the page is parsed
    codes = page.locator("section.check-item").evaluate_all("els => els.map(e => e.id)")
    for code in codes:
        answer(page, code)
        expect(item(page, code).locator(".item-status")).to_have_text("已保存")
    expect(page.locator("#progress-text")).to_have_text(f"已答 {len(codes)} / {len(codes)} 项")
    shots(page, "checklist-done", screen=True)

    page.locator("nav.case-tabs").get_by_role("link", name=re.compile("^签名")).tap()
    sign(page, f"signer-inspector-{drawn['users']['zhang.wei']}", "张伟", shots)
    sign(page, f"signer-inspector-{drawn['users']['li.na']}", "李娜", shots)
    page.locator("#signer-representative .actions a").tap()
    page.locator("details.signature-refusal > summary").tap()
    page.get_by_label("拒签情况（当事人的言行）").fill(REFUSAL)
    page.get_by_role("button", name="记录拒签").tap()
    flash(page, "拒签情况已记录。")

    page.get_by_role("link", name="前往案件页面出具检查记录").tap()
    page.locator("section.issue-box").get_by_role("button", name="出具检查记录").tap()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^320623105-\d{4}-\d{4}$"), timeout=60_000)
    shots(page, "record-issued")

    task = read_task(browser_app, drawn["task"])
    assert task.status == "done" and task.done_at is not None
    page.goto(f"{live_server_url}/tasks/{drawn['task']}")
    expect(page.locator(".meta .status")).to_have_text("已完成")
    expect(page.get_by_role("link", name="查看案件")).to_be_visible()
    shots(page, "task-done")
    page.goto(live_server_url + "/")
    expect(page.locator("#my-tasks + .task-list")).not_to_contain_text(SUBJECT)


def test_supervisor_pages_on_a_phone(open_phone, live_server_url, drawn):
    shots = Shots("plans")
    page = open_phone(user="zhou.min")
    for step, path in (
        ("plans", "/plans/"),
        ("plan", f"/plans/{drawn['plan']}"),
        ("draw-form", f"/plans/{drawn['plan']}/draws/new"),
        ("draw", f"/draws/{drawn['draw']}?check=1"),
        ("coverage", "/coverage/"),
        ("tasks", "/tasks/"),
        ("task", f"/tasks/{drawn['task']}"),
        ("recusal", "/conflicts/"),
    ):
        page.goto(live_server_url + path)
        expect(page.locator("h1")).to_be_visible()
        shots(page, step)
    page.goto(f"{live_server_url}/draws/{drawn['draw']}?check=1")
    expect(page.locator("#recheck")).to_have_class(re.compile("notice-success"))
    county = open_phone(user="chen.jie")
    county.goto(live_server_url + "/coverage/")
    rows = county.locator("#coverage-table tbody th").all_inner_texts()
    assert rows == ["洋口镇", "栟茶镇"]
    shots(county, "county-coverage")
