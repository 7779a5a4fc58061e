"""The problem list after submission: progress and photos from the link, the town's close, and
附件2's rectified figures as of the report's date."""

import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from PIL import Image

from inspect_app.clock import Period
from inspect_app.regions.models import Region
from inspect_app.selfchecks.models import SelfCheck
from inspect_app.stats.services import form2_report
from tests.pages import parse
from tests.selfchecks.helpers import form_data, fresh, sent

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _jpeg(color=(200, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "JPEG")
    return out.getvalue()


def _submitted(client, world, problems=(2, 4), rectified=()) -> SelfCheck:
    """A self-check submitted through the link with these problems, none rectified but those."""
    self_check = sent(world.subject_a, world.supervisor_a)
    data = form_data(self_check, problems=problems)
    for number in problems:
        if number not in rectified:
            data.pop(f"item_{number}-rectified")
    assert client.post(f"/s/{self_check.token}", data=data).status_code == 302
    return fresh(self_check)


def _progress(client, self_check, number, progress, **extra):
    data = {f"problem_{number}-progress": progress, f"problem_{number}-note": "已重新组织培训"}
    data |= {f"problem_{number}-{k}": v for k, v in extra.items()}
    url = f"/s/{self_check.token}/problems/{number}"
    return client.post(url, data=data, content_type="multipart/form-data")


def _form2(region: Region, first: date, last: date):
    """(with problem, rectified) of item 2, item 4 and the total of the town's 附件2."""
    block = form2_report(region, Period(first, last)).blocks[0][1]
    return [(c.with_problem, c.rectified) for c in (block.items[2], block.items[4], block.total)]


def test_form2_rectified_moves_when_a_problem_is_marked_rectified_and_only_from_that_day(
    client, world, clock
):
    clock.set_today(date(2026, 3, 10))
    self_check = _submitted(client, world)
    march = (date(2026, 3, 1), date(2026, 3, 31))
    assert _form2(world.town_a, *march) == [(1, 0), (1, 0), (1, 0)]

    clock.set_today(date(2026, 3, 20), time(9, 0))
    assert _progress(client, self_check, 2, "rectified").status_code == 302
    assert _form2(world.town_a, date(2026, 3, 1), date(2026, 3, 19)) == [(1, 0), (1, 0), (1, 0)]
    assert _form2(world.town_a, *march) == [(1, 1), (1, 0), (1, 0)]  # item 4 still open

    # 00:30 on 1 April in Shanghai is still 31 March in UTC: the March report does not move.
    clock.move_to(datetime(2026, 4, 1, 0, 30, tzinfo=SHANGHAI), tick=False)
    assert _progress(client, self_check, 4, "rectified").status_code == 302
    assert _form2(world.town_a, *march) == [(1, 1), (1, 0), (1, 0)]
    assert _form2(world.town_a, date(2026, 3, 1), date(2026, 4, 1)) == [(1, 1), (1, 1), (1, 1)]
    stored = fresh(self_check)
    assert [i.rectified_at.astimezone(SHANGHAI).date() for i in stored.problems] == [
        date(2026, 3, 20),
        date(2026, 4, 1),
    ]


def test_a_problem_rectified_at_submission_counts_from_the_submission(client, world, clock):
    clock.set_today(date(2026, 3, 10))
    _submitted(client, world, problems=(2,), rectified=(2,))
    assert _form2(world.town_a, date(2026, 3, 1), date(2026, 3, 9)) == [(0, 0), (0, 0), (0, 0)]
    assert _form2(world.town_a, date(2026, 3, 1), date(2026, 3, 10)) == [(1, 1), (0, 0), (1, 1)]


def test_progress_and_photos_from_the_link_show_to_the_town_only_for_its_own_subject(
    client, client_request, world, login
):
    self_check = _submitted(client, world)
    other = sent(world.subject_b, world.county_supervisor)
    photo = (io.BytesIO(_jpeg()), "rect.jpg")
    response = _progress(client, self_check, 2, "in_progress", photos=[photo])
    assert response.status_code == 302
    item = fresh(self_check).problems[0]
    assert (item.progress, item.rectified_at, len(item.photos)) == ("in_progress", None, 1)
    photo_id = item.photos[0].id
    page = client_request.get(f"/s/{self_check.token}")
    assert page.select_one("#problem-2 .sck-progress-in_progress")
    assert page.select_one(f"img[src='/s/{self_check.token}/photos/{photo_id}/thumb']")
    assert client.get(f"/s/{self_check.token}/photos/{photo_id}/thumb").status_code == 200
    assert client.get(f"/s/{self_check.token}/photos/{photo_id}/original").status_code == 404
    assert client.get(f"/s/{other.token}/photos/{photo_id}/thumb").status_code == 404
    assert "Unit in B" not in page.get_text()
    login(world.supervisor_a)
    staff = f"/selfchecks/units/{world.subject_a.id}"
    assert client.get(f"{staff}/photos/{photo_id}/display").status_code == 200
    unit = client_request.get(staff)
    assert unit.select_one(".sck-progress-in_progress")


def test_a_bad_photo_refuses_the_whole_update_and_says_why(client, world):
    self_check = _submitted(client, world)
    bad = (io.BytesIO(b"not a picture at all"), "x.jpg")
    response = _progress(client, self_check, 2, "rectified", photos=[bad])
    assert response.status_code == 422
    assert parse(response).select_one(".sck-problem-form .error[role=alert]")
    item = fresh(self_check).problems[0]
    assert (item.progress, item.rectified_at, item.photos) == ("open", None, [])


def test_rectified_is_final_and_only_listed_problems_of_a_submitted_self_check_move(client, world):
    draft = sent(world.subject_b, world.county_supervisor)
    assert _progress(client, draft, 1, "in_progress").status_code == 404  # nothing listed yet
    self_check = _submitted(client, world)
    assert _progress(client, self_check, 1, "in_progress").status_code == 404  # no problem
    assert _progress(client, self_check, 2, "rectified").status_code == 302
    first = fresh(self_check).problems[0].rectified_at
    assert _progress(client, self_check, 2, "open").status_code == 409
    assert _progress(client, self_check, 2, "bogus").status_code == 422
    assert fresh(self_check).problems[0].rectified_at == first


def test_the_town_closes_the_self_check_and_the_list_stops_moving(
    client, client_request, world, login
):
    self_check = _submitted(client, world)
    close = f"/selfchecks/units/{world.subject_a.id}/close"
    login(world.inspector_a)
    page = client_request.get(f"/selfchecks/units/{world.subject_a.id}")
    assert not page.select_one(".sck-close-form")
    client.post(close, data={"csrf_token": _csrf(page), "version": self_check.version})
    assert fresh(self_check).closed_at is None  # inspectors do not close
    client.post("/logout")
    login(world.supervisor_a)
    page = client_request.get(f"/selfchecks/units/{world.subject_a.id}")
    data = {"csrf_token": _csrf(page), "version": self_check.version}
    assert client.post(close, data=data).status_code == 302
    assert fresh(self_check).closed_by_id == world.supervisor_a.id
    assert _progress(client, self_check, 2, "rectified").status_code == 409
    link = client_request.get(f"/s/{self_check.token}")
    assert link.select_one(".sck-closed-notice") and not link.select(".sck-problem-form")
    assert fresh(self_check).problems[0].progress == "open"


def _csrf(page) -> str:
    found = page.select_one("input[name=csrf_token]")
    return found["value"] if found else ""
