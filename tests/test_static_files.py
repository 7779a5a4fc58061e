"""Static files: versioned addresses cached for a year, plain ones revalidated by their content
hash, and no session, user lookup or cookie on any static request."""

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import event

from inspect_app.extensions import db
from tests.pages import parse

IMMUTABLE = "public, max-age=31536000, immutable"


def _sha256(app, name: str) -> str:
    return hashlib.sha256(Path(app.static_folder, name).read_bytes()).hexdigest()


@pytest.fixture
def statements(app):
    """The SQL statements run while the test goes on."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    event.remove(db.engine, "before_cursor_execute", note)


def test_pages_address_static_files_by_their_content_hash(app, client, world, login):
    login(world.inspector_a)
    page = parse(client.get("/"))
    sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    names = ("app.css", "cases.css", "sections.css", "offline.css")
    assert sheets == [f"/static/css/{name}?v=" + _sha256(app, f"css/{name}")[:12] for name in names]
    scripts = [s["src"] for s in page.select("script[src]")]
    assert scripts and all("?v=" in src for src in scripts)


def test_a_versioned_address_is_cached_for_a_year(app, client, world, login, statements):
    login(world.inspector_a)
    digest = _sha256(app, "css/app.css")
    statements.clear()
    response = client.get(f"/static/css/app.css?v={digest[:12]}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.headers["ETag"] == f'"{digest}"'
    assert "Set-Cookie" not in response.headers
    assert statements == []  # no session, no user looked up


def test_a_plain_or_outdated_address_is_revalidated_by_etag(app, client, world, login, statements):
    login(world.inspector_a)
    digest = _sha256(app, "js/offline/db.js")
    statements.clear()
    for url in ("/static/js/offline/db.js", "/static/js/offline/db.js?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["ETag"] == f'"{digest}"'
        assert "Set-Cookie" not in response.headers
    again = client.get("/static/js/offline/db.js", headers={"If-None-Match": f'"{digest}"'})
    assert again.status_code == 304
    assert again.data == b""
    assert "Set-Cookie" not in again.headers
    assert statements == []


def test_a_changed_file_gets_a_new_address_and_etag(app, client, tmp_path):
    (tmp_path / "site.css").write_text("body { color: red }")
    app.static_folder = str(tmp_path)
    with app.test_request_context():
        from flask import url_for

        first = url_for("static", filename="site.css")
        (tmp_path / "site.css").write_text("body { color: blue; }")
        second = url_for("static", filename="site.css")
    assert first != second
    assert client.get(second).headers["Cache-Control"] == IMMUTABLE
    assert client.get(first).headers["Cache-Control"] == "no-cache"  # the old page's address
    assert client.get(first).data == b"body { color: blue; }"


def test_a_missing_static_file_is_404_without_a_cookie(client, world, login):
    login(world.inspector_a)
    response = client.get("/static/css/no-such.css")
    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers
    assert client.get("/static/../wsgi.py").status_code == 404


def test_pages_still_refresh_the_session_cookie(client, world, login):
    """The other side of the rule: a signed-in page re-signs its session as before."""
    login(world.inspector_a)
    assert "Set-Cookie" in client.get("/").headers


def test_the_service_worker_and_its_precached_files_stay_revalidated(client, world, login):
    worker = client.get("/sw.js")
    assert worker.headers["Cache-Control"] == "no-cache"
    assert "Set-Cookie" not in worker.headers
    script = worker.data.decode()
    login(world.inspector_a)
    shell = parse(client.get("/offline/"))
    sheets = [link["href"].split("?")[0] for link in shell.select('link[rel="stylesheet"]')]
    assert sheets == [f"/static/css/{name}.css" for name in ("app", "cases", "sections", "offline")]
    for url in (*sheets, "/static/js/offline/db.js", "/static/img/icon-192.png"):
        assert f'"{url}"' in script  # precached at its plain address...
        assert client.get(url).headers["Cache-Control"] == "no-cache"  # ...which revalidates
