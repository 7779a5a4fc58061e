"""The header's unread count is worked out in SQL where it can, apart from the entry lists: it
must still equal the number of unread entries the inbox page lists, for every role, before and
after entries are opened."""

from datetime import datetime, time, timedelta

from bs4 import BeautifulSoup

from inspect_app import clock as app_clock
from inspect_app.extensions import db
from inspect_app.findings.models import OrderExtension, OrderResponse
from inspect_app.inbox import COUNT_KEPT_SECONDS
from inspect_app.inbox import services as inbox_services
from inspect_app.inbox.services import mark_read, unread_count, unread_entries
from inspect_app.proceedings.models import Proceeding, ProceedingStatus, Statement
from inspect_app.stats.services import due_date
from tests.conftest import TEST_ZONE
from tests.factories import make_inspection
from tests.inbox.helpers import assign_task
from tests.public.helpers import issued_case
from tests.tips.helpers import make_tip

KINDS = {"task", "answer", "overdue", "statement", "extension", "report_late", "tip"}


def _busy_world(world, clock):
    """Every kind of entry at once, on the day after the orders' deadline."""
    assign_task(world)
    issued = issued_case(world, orders=3)
    case = issued.inspection
    answered, reinspected, extended = issued.orders
    at = app_clock.utcnow()
    reinspected.reinspected_at = at  # re-inspected before the unit answered again: awaits one
    db.session.add_all(
        [
            OrderResponse(order_id=answered.id, note="已整改", client_key="r1", created_at=at),
            OrderResponse(order_id=reinspected.id, note="再次整改", client_key="r2"),
            OrderExtension(
                order_id=extended.id,
                requested_deadline=extended.deadline + timedelta(days=30),
                previous_deadline=extended.deadline,
                reason="设备待采购",
                client_key="x1",
            ),
        ]
    )
    proceeding = Proceeding(
        inspection_id=case.id,
        status=ProceedingStatus.NOTIFIED,
        party="unit",
        facts="未按规定培训",
        basis_code="PU-4",
        requested_by_id=world.inspector_a.id,
        client_key="p1",
    )
    db.session.add(proceeding)
    db.session.flush()
    db.session.add(
        Statement(proceeding_id=proceeding.id, source="public", text="已培训", client_key="s1")
    )
    db.session.commit()
    make_tip(world.town_a, world.inspector_a, received_on=app_clock.today())
    clock.set_today(answered.deadline + timedelta(days=1))  # the tip's limit passed before
    return issued.orders


def _users(world):
    return (
        world.inspector_a,
        world.inspector_b,
        world.supervisor_a,
        world.county_supervisor,
        world.admin,
    )


def test_the_header_count_is_the_number_of_unread_entries_for_each_role(world, clock):
    orders = _busy_world(world, clock)
    keys = {entry.key for entry in unread_entries(world.inspector_a)}
    assert {f"overdue:{o.id}:{o.deadline.isoformat()}" for o in orders} <= keys  # as stored
    listed = {entry.kind for user in _users(world) for entry in unread_entries(user)}
    assert listed >= KINDS, listed
    for user in _users(world):
        assert unread_count(user) == len(unread_entries(user)), user.username
    inspector = world.inspector_a
    assert unread_count(inspector) >= 6
    for entry in unread_entries(inspector)[::2]:  # open every other entry, of each kind
        mark_read(inspector, [entry.key])
    db.session.commit()
    for user in _users(world):
        assert unread_count(user) == len(unread_entries(user)), user.username
    mark_read(inspector, [entry.key for entry in unread_entries(inspector)])
    db.session.commit()
    assert unread_count(inspector) == 0


def test_the_header_counts_a_report_due_as_listed(world, clock):
    _busy_world(world, clock)
    clock.set_today(due_date(app_clock.current_month()) - timedelta(days=1))
    for user in _users(world):
        assert unread_count(user) == len(unread_entries(user)), user.username
    kinds = [entry.kind for entry in unread_entries(world.county_supervisor)]
    assert kinds.count("report_due") == 2


def test_the_header_count_follows_each_user_and_each_day(world, clock):
    """The counting statement is built once and reused: each call must still count for its own
    user on its own day, and see entries added since the last call."""
    inspector, other = world.inspector_a, world.inspector_b
    before, others = unread_count(inspector), unread_count(other)
    assign_task(world)
    db.session.commit()
    assert unread_count(inspector) == before + 1 == len(unread_entries(inspector))
    assert unread_count(other) == others == len(unread_entries(other))
    issued = issued_case(world, orders=1)
    db.session.commit()
    on_time = unread_count(inspector)
    clock.set_today(issued.orders[0].deadline + timedelta(days=1))  # now past its deadline
    assert unread_count(inspector) == on_time + 1 == len(unread_entries(inspector))


def test_the_header_count_stops_one_past_what_it_shows(world, clock, monkeypatch, login, client):
    """Each source stops counting once it has found one entry more than the header shows, so
    a user with thousands of overdue orders costs no more than one with a hundred."""
    _busy_world(world, clock)
    inspector = world.inspector_a
    entries = unread_entries(inspector)
    kinds = [entry.kind for entry in entries]
    assert kinds.count("overdue") == 3 and len(entries) >= 6
    monkeypatch.setattr(inbox_services, "UNREAD_SHOWN", 1)  # each source: 2 at most
    assert unread_count(inspector) == 2
    monkeypatch.setattr(inbox_services, "UNREAD_SHOWN", 4)
    assert unread_count(inspector) == 5
    login(inspector)
    header = BeautifulSoup(client.get("/inbox/").text, "html.parser").select_one(".nav-count")
    assert header.get_text() == "4+"
    assert header["aria-label"] == "超过 4 条未读"
    monkeypatch.setattr(inbox_services, "UNREAD_SHOWN", 99)
    header = BeautifulSoup(client.get("/inbox/").text, "html.parser").select_one(".nav-count")
    assert header.get_text() == str(len(unread_entries(inspector)))


def _header_count(client, path: str = "/") -> str:
    found = BeautifulSoup(client.get(path).text, "html.parser").select_one(".nav-inbox .nav-count")
    return found.get_text() if found else "0"


def test_the_header_keeps_its_count_a_minute_and_the_users_own_writes_show_at_once(
    world, clock, login, client
):
    """The count rides in the signed session cookie: pages within COUNT_KEPT_SECONDS send no
    counting statement. What others add shows after that time, or at once on the inbox page;
    the user's own writes (opening an entry) show on the next page."""
    login(world.inspector_a)
    clock.move_to(clock.now(), tick=False)
    assert _header_count(client) == "0"
    task, _ = assign_task(world)  # a supervisor assigns a task meanwhile
    assert _header_count(client, "/subjects/") == "0"  # kept
    clock.shift(timedelta(seconds=COUNT_KEPT_SECONDS - 1))
    assert _header_count(client) == "0"
    clock.shift(timedelta(seconds=1))
    assert _header_count(client) == "1"  # counted again
    assign_task(world)
    assert _header_count(client) == "1"
    assert _header_count(client, "/inbox/") == "2"  # the inbox page always counts
    assert _header_count(client) == "2"
    response = client.post("/inbox/open", data={"key": f"task:{task.id}"})
    assert response.status_code == 302
    assert _header_count(client) == "1"  # the user's own write is not hidden


def test_a_kept_count_is_the_users_own_and_todays(world, clock, login, client):
    """Another user signing in on the same phone, or midnight passing, counts again: a kept
    count names its user and its day."""
    clock.move_to(datetime.combine(clock.today(), time(23, 59, 50), tzinfo=TEST_ZONE), False)
    login(world.inspector_a)
    assign_task(world)
    assert _header_count(client) == "1"
    with client.session_transaction() as cookie:
        kept = cookie["inbox_unread"]
        assert kept[0] == world.inspector_a.id and kept[3] == 1
        cookie["inbox_unread"] = [world.inspector_b.id, *kept[1:3], 7]  # another user's
    assert _header_count(client) == "1"
    with client.session_transaction() as cookie:
        cookie["inbox_unread"] = [*cookie["inbox_unread"][:3], 7]  # a count of today: kept
    assert _header_count(client) == "7"
    clock.shift(timedelta(seconds=20))  # 00:00:10 the next day: a new day counts again
    assert _header_count(client) == "1"


def test_a_checklist_autosave_keeps_the_count_and_other_writes_forget_it(
    world, clock, login, client
):
    """An answer to a check item feeds no inbox source, and autosaves are the commonest write
    on site: they keep the count. Any other write still forgets it."""
    case = make_inspection(world)
    db.session.commit()
    login(world.inspector_a)
    clock.move_to(clock.now(), tick=False)
    assert _header_count(client) == "0"
    assign_task(world)  # assigned meanwhile: shows once the count is taken again
    saved = client.post(f"/inspections/{case.id}/answers/PU-1", json={"result": "compliant"})
    assert saved.status_code == 200 and saved.get_json()["ok"]
    assert "inbox_unread" in _session_of(client)
    assert _header_count(client) == "0"  # kept through the autosave
    response = client.post("/inbox/open", data={"key": "task:0"})
    assert response.status_code == 302  # an entry no longer there: nothing is read
    assert "inbox_unread" not in _session_of(client)
    assert _header_count(client) == "1"


def _session_of(client) -> dict:
    with client.session_transaction() as cookie:
        return dict(cookie)
