"""Case lists and filters; a case keeps its catalog version."""

import shutil
from datetime import UTC, date, datetime
from functools import partial

from inspect_app import catalogs
from inspect_app.extensions import db
from inspect_app.findings.models import RectificationOrder
from inspect_app.inspections import services
from inspect_app.inspections.services import checklist_items
from tests import factories
from tests.pages import parse


def _names(client, query: str) -> list[str]:
    soup = parse(client.get("/inspections/?" + query))
    return [n.get_text() for n in soup.select(".list-item strong")]


def _case(world, subject, when, status="draft"):
    case = factories.make_inspection(world, subject=subject, started_at=when)
    case.status = status
    db.session.commit()
    return case


def _order(world, case, key: str, deadline: date) -> None:
    order = RectificationOrder(
        inspection_id=case.id,
        requirement="整改",
        client_key=key,
        deadline=deadline,
        created_by_id=world.inspector_a.id,
    )
    db.session.add(order)


def test_filters_by_status_kind_month_and_overdue(client, world, login, clock):
    school = factories.make_subject(world.town_a, name="培训学校", kind="training_institution")
    rectifying = "rectifying"
    october = _case(world, world.subject_a, datetime(2026, 10, 31, 16, 30, tzinfo=UTC), rectifying)
    _case(world, school, datetime(2026, 10, 15, 2, 0, tzinfo=UTC), status="issued")
    _order(world, october, "k1", date(2026, 11, 5))  # Nov 1 CST, above
    db.session.commit()
    clock.set_today(date(2026, 11, 10))
    login(world.inspector_a)
    assert sorted(_names(client, "")) == sorted(["Unit in A", "培训学校"])
    assert _names(client, "status=issued") == ["培训学校"]
    assert _names(client, "kind=production_unit") == ["Unit in A"]
    assert _names(client, "month=2026-11") == ["Unit in A"]  # 00:30 on 1 Nov in Shanghai
    assert _names(client, "month=2026-10") == ["培训学校"]
    assert _names(client, "overdue=1") == ["Unit in A"]
    assert "Unit in B" not in _names(client, "")  # other town
    assert sorted(_names(client, "status=bogus&month=2026-13")) == ["Unit in A", "培训学校"]


def test_an_order_in_a_draft_is_not_overdue(client, world, login, clock):
    """The dashboard counts orders of issued records only, and links to this filter."""
    unserved = factories.make_subject(world.town_a, name="草稿单位")
    draft = _case(world, unserved, datetime(2026, 10, 20, 2, 0, tzinfo=UTC))
    _order(world, draft, "k-draft", date(2026, 11, 1))
    db.session.commit()
    clock.set_today(date(2026, 11, 10))
    login(world.inspector_a)
    assert "草稿单位" in _names(client, "")
    assert _names(client, "overdue=1") == []
    draft.status = "rectifying"
    db.session.commit()
    assert _names(client, "overdue=1") == ["草稿单位"]


def test_home_shows_my_open_cases(client_request, world, login):
    mine = factories.make_inspection(world)
    _case(world, world.subject_a, datetime(2026, 9, 1, tzinfo=UTC), status="closed")
    login(world.inspector_a)
    soup = client_request.get("/")
    links = [a["href"] for a in soup.select(".list-item a") if "/inspections/" in a["href"]]
    assert links == [f"/inspections/{mine.id}"]


def test_a_case_keeps_its_catalog_version(world, tmp_path, monkeypatch):
    """A new catalog version applies to new cases only. The version is written into a private
    copy of the catalogs, never the shipped folder other test workers read."""
    old = factories.make_inspection(world)
    root = tmp_path / "catalogs"
    shutil.copytree(catalogs.ROOT, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    folder = root / "campaigns" / "training-formality-2021"
    text = (folder / "production_unit.v1.toml").read_text(encoding="utf-8")
    changed = text.replace("\nversion = 1\n", "\nversion = 2\n", 1)
    changed = changed.replace('text_zh = "', 'text_zh = "【第二版】', 1)
    (folder / "production_unit.v2.toml").write_text(changed, encoding="utf-8")
    monkeypatch.setattr(services, "latest_version", partial(catalogs.latest_version, root=root))
    monkeypatch.setattr(services, "load_catalog", partial(catalogs.load_catalog, root=root))
    new = factories.make_inspection(world)
    assert (old.catalog_version, new.catalog_version) == (1, 2)
    assert checklist_items(new)[0].text_zh.startswith("【第二版】")
    assert not checklist_items(old)[0].text_zh.startswith("【第二版】")
    assert checklist_items(old)[0].code == "PU-1"
