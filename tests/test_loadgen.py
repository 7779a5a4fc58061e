"""The bench's load generator keeps each phone's cookies as a browser would: a kept count or a
renewed session in a Set-Cookie must be sent back, or the bench measures work no phone causes."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request as WsgiRequest
from werkzeug.wrappers import Response

from bench import loadgen
from bench.loadgen import Request


@WsgiRequest.application
def _counting(request: WsgiRequest) -> Response:
    """Each answer raises the `n` cookie by one; `drop` expires the `gone` cookie."""
    n = int(request.cookies.get("n", "0")) + 1
    response = Response(f"{n} {request.cookies.get('gone', '-')}")
    response.set_cookie("n", str(n), httponly=True, samesite="Lax")
    response.set_cookie("signed", f"eJw{n}.AbC-x_Y")  # a signed session's case, as it came
    if request.path == "/drop":
        response.delete_cookie("gone")
    return response


def concurrent(*args):
    """loadgen.concurrent in a thread of its own: it runs its own event loop, as the bench does
    from the command line, and a browser test in this process may keep one running here."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(loadgen.concurrent, *args).result()


@pytest.fixture
def counting_server():
    server = make_server("127.0.0.1", 0, _counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_phones_jar_sends_back_what_it_was_set(counting_server):
    jar = {"gone": "1"}
    result = concurrent(counting_server, 1, 4, lambda i: Request("GET", "/", jar=jar))
    assert result.errors == 0
    assert jar == {"gone": "1", "n": "4", "signed": "eJw4.AbC-x_Y"}
    concurrent(counting_server, 1, 1, lambda i: Request("GET", "/drop", jar=jar))
    assert jar == {"n": "5", "signed": "eJw5.AbC-x_Y"}
