"""Services and queries take what they need as arguments: none reads the request's state.

import-linter (see pyproject.toml, run by `make test`) checks modules, not names, so it cannot
forbid `from flask import request` while allowing `from flask import current_app`. This test
reads the source of every services.py and queries.py instead. It checks those modules only,
not the helpers they call.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "inspect_app"
REQUEST_STATE = frozenset({"request", "session", "flash", "g"})
FLASK_MODULES = frozenset({"flask", "flask.globals", "flask.helpers"})
LAYER_FILES = ("services.py", "queries.py")


def request_state_uses(source: str) -> list[str]:
    """Every import or use of flask's request-bound names, as "line: what"."""
    tree = ast.parse(source)
    found, aliases = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in FLASK_MODULES:
            found += [f"{node.lineno}: {a.name}" for a in node.names if a.name in REQUEST_STATE]
        elif isinstance(node, ast.Import):
            aliases |= {a.asname or a.name for a in node.names if a.name in FLASK_MODULES}
    for node in ast.walk(tree):
        attribute = isinstance(node, ast.Attribute) and node.attr in REQUEST_STATE
        if attribute and ast.unparse(node.value) in aliases:
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def layer_modules() -> list[Path]:
    return sorted(p for name in LAYER_FILES for p in PACKAGE.rglob(name))


def test_there_are_services_and_queries_to_check():
    names = {p.relative_to(PACKAGE).as_posix() for p in layer_modules()}
    assert {"inspections/services.py", "inspections/queries.py", "issuing/services.py"} <= names


@pytest.mark.parametrize("path", layer_modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_services_and_queries_read_no_request_state(path):
    assert request_state_uses(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "from flask import current_app, request",
        "from flask import session as s",
        "from flask.globals import g",
        "def f():\n    from flask import flash\n    flash('x')",
        "import flask\nflask.request.args",
        "import flask as fl\nfl.session.get('x')",
    ],
)
def test_the_check_finds_request_state(source):
    assert request_state_uses(source)


@pytest.mark.parametrize(
    "source",
    ["from flask import abort, current_app, render_template", "request = None\nrequest.args"],
)
def test_the_check_allows_the_rest(source):
    assert request_state_uses(source) == []
