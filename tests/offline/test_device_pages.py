"""The offline app's shell: the service worker at the root scope, the manifest and its icons,
the CSP that lets them run, and the pages that need signing in while online."""

import json
from io import BytesIO

import pytest
from PIL import Image

from tests.pages import parse


def test_the_manifest_installs_the_app_with_its_icons(client, world, app):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["name"] == "现场执法检查" and manifest["short_name"] == "执法检查"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b5cad"
    purposes = {icon["purpose"] for icon in manifest["icons"]}
    assert purposes == {"any", "maskable"}
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200
        width, height = Image.open(BytesIO(image.data)).size
        assert f"{width}x{height}" == icon["sizes"]


def test_every_page_links_the_manifest_and_theme_colour(client, world, login):
    login(world.inspector_a)
    head = parse(client.get("/")).head
    assert head.find("link", rel="manifest")["href"] == "/manifest.webmanifest"
    assert head.find("meta", attrs={"name": "theme-color"})["content"] == "#0b5cad"
    assert client.get(head.find("link", rel="apple-touch-icon")["href"]).status_code == 200


def test_the_csp_allows_the_service_worker_and_manifest(client, world):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy


def test_the_service_worker_is_served_for_the_root_scope(client, world, app, tmp_path):
    sw = tmp_path / "js" / "offline" / "sw.js"
    sw.parent.mkdir(parents=True)
    sw.write_text("self.addEventListener('install', () => {});\n")
    app.static_folder = str(tmp_path)
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    assert b"addEventListener" in response.data


def test_a_missing_service_worker_is_a_plain_404(client, world, app, tmp_path):
    app.static_folder = str(tmp_path)
    assert client.get("/sw.js").status_code == 404


@pytest.mark.parametrize("path", ["/offline/", "/offline/outbox", "/offline/case"])
def test_the_offline_pages_need_signing_in_online(client, world, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
