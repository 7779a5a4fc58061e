"""Password screening (NIST SP 800-63B): common, repetitive or username-bearing passwords refused;
no composition rules."""

import pytest
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.auth.passwords import password_problem
from inspect_app.extensions import db
from tests.pages import parse
from tests.test_admin import _user_form


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaa",
        "1234567890",
        "password123",
        "Password123",  # capitals do not make a common password uncommon
        "qwertyuiop",
        "woaini1314",  # from the shipped list of passwords common among Chinese users
        "abcdefghijk",
        "ababababab",
        "9876543210",
    ],
)
def test_weak_passwords_are_refused(app, password):
    assert password_problem(password, "li.ming") is not None


def test_a_password_containing_the_username_is_refused(app):
    assert password_problem("zhangwei-2026-spring", "ZhangWei") is not None
    assert password_problem("zhangwei-2026-spring", "lina") is None


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",  # no digits, capitals or symbols are demanded
        "lanterns-over-the-river",
        "天道酬勤，地道酬善。",  # nor Latin letters
        "8392 1175 0046",
    ],
)
def test_long_uncommon_passwords_need_no_composition(app, password):
    assert password_problem(password, "li.ming") is None


@pytest.mark.parametrize("password", ["password123", "aaaaaaaaaa", "new.inspector-2026"])
def test_admin_form_refuses_weak_passwords_and_saves_nothing(client, world, login, password):
    login(world.admin)
    response = client.post("/admin/users/new", data=_user_form(world, password=password))
    assert response.status_code == 422
    field = parse(response).select_one("#password-error, .field-error")
    assert field is not None and "密码" in field.get_text()
    assert db.session.scalar(select(User).where(User.username == "new.inspector")) is None


def test_admin_cannot_set_a_common_password_on_edit(client, world, login):
    login(world.admin)
    old_hash = world.inspector_a.password_hash
    data = _user_form(world, username="insp_a", password="1234567890")
    response = client.post(f"/admin/users/{world.inspector_a.id}/edit", data=data)
    assert response.status_code == 422
    db.session.expire_all()
    assert world.inspector_a.password_hash == old_hash


def test_cli_refuses_a_common_password(app, monkeypatch):
    runner = app.test_cli_runner()
    runner.invoke(args=["regions", "create", "R1", "One"])
    monkeypatch.setenv("INSPECT_PASSWORD", "password123")
    args = ["users", "create", "li", "--role", "supervisor", "--region", "R1"]
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert db.session.scalar(select(User).where(User.username == "li")) is None
