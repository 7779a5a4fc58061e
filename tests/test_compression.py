"""Answers are compressed for clients that accept it (Flask-Compress), and stay correct."""

import gzip
import zlib

import brotli

from tests.pages import parse


def test_a_page_is_compressed_with_brotli_or_gzip(client, world, login):
    login(world.supervisor_a)
    plain = client.get("/dashboard")
    assert "Content-Encoding" not in plain.headers  # a client that asks for nothing gets text
    packed = client.get("/dashboard", headers={"Accept-Encoding": "br, gzip"})
    assert packed.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in packed.headers["Vary"]
    text = brotli.decompress(packed.data)
    assert len(packed.data) < len(text) / 3
    assert parse(plain).h1.get_text() in text.decode()
    zipped = client.get("/dashboard", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert parse(plain).h1.get_text() in gzip.decompress(zipped.data).decode()


def test_static_files_are_compressed_and_still_revalidate(client):
    plain = client.get("/static/css/app.css")
    packed = client.get("/static/css/app.css", headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "deflate"
    assert zlib.decompress(packed.data) == plain.data
    assert packed.headers["Cache-Control"] == "no-cache"
    again = client.get(
        "/static/css/app.css",
        headers={"Accept-Encoding": "gzip, deflate", "If-None-Match": packed.headers["ETag"]},
    )
    assert again.status_code == 304
    assert "Set-Cookie" not in again.headers


def test_small_and_binary_answers_are_left_alone(client):
    assert (
        "Content-Encoding" not in client.get("/healthz", headers={"Accept-Encoding": "br"}).headers
    )
    icon = client.get("/static/img/icon-192.png", headers={"Accept-Encoding": "br, gzip"})
    assert icon.status_code == 200
    assert "Content-Encoding" not in icon.headers
