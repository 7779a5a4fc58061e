"""A served copy of the app for the serving test and benchmarks: `scripts/serve.py` (nginx in
front of gunicorn) or a bare gunicorn as the old `make run` started it, on a free local port,
on a given database and storage folder, plus a signed-in client and a slow raw uploader."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import requests
from sqlalchemy import URL, Engine, create_engine, make_url, text

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A free local port: any, or the first free one of BENCH_PORTS ("5140-5159") when set, so
    runs beside other servers on a shared machine stay in their own range."""
    first, _, last = os.environ.get("BENCH_PORTS", "").partition("-")
    candidates = range(int(first), int(last or first) + 1) if first.strip() else [0]
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


@contextmanager
def served(
    database_url: str,
    storage_dir: str,
    mode: str = "nginx",
    workers: int | None = None,
    threads: int | None = None,
    request_log: Path | None = None,
    wait_for_renders: bool = False,
):
    """The app on http://127.0.0.1:<port>; mode "nginx" (make run) or "sync" (the old one).
    Workers and threads as gunicorn.conf.py sets them unless given ("sync": 2 workers).
    With `request_log`, the app's JSON request lines (server time per request) go to that file;
    else they are turned off. With `wait_for_renders`, it yields once the job worker has
    rendered the PDFs waiting at start."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "STORAGE_DIR": storage_dir,
        "SECRET_KEY": secrets.token_hex(32),
        "PUBLIC_BASE_URL": "http://127.0.0.1",
        "QUEUE_URL": "sqlite:///" + os.path.join(os.path.dirname(storage_dir), "queue.sqlite3"),
    }
    env.pop("TRUSTED_PROXIES", None)
    if mode == "nginx":
        command = [sys.executable, str(ROOT / "scripts/serve.py"), "--host", "127.0.0.1",
                   "--port", str(port), *([] if request_log else ["--quiet"])]  # fmt: skip
        command += ["--workers", str(workers)] if workers else []
        command += ["--threads", str(threads)] if threads else []
    else:
        # gunicorn's own defaults (sync workers, 30 s timeout), not gunicorn.conf.py
        command = [str(BIN / "gunicorn"), "--config", os.devnull, "--chdir", str(ROOT),
                   "--bind", f"127.0.0.1:{port}", "--workers", str(workers or 2),
                   "wsgi:app"]  # fmt: skip
    log = open(request_log, "ab") if request_log else None  # noqa: SIM115
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        if wait_for_renders:
            _await_renders(database_url)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
        if request_log:
            log.close()


def _wait_until_up(base: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if requests.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not come up")


def bench_engine(database_url: str | URL, **options) -> Engine:
    """An engine on the app's database URL; postgresql:// goes through psycopg 3, as the app's
    own configuration takes it (psycopg2 is not installed)."""
    url = make_url(database_url)
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    return create_engine(url, **options)


def _await_renders(database_url: str, seconds: float = 600) -> None:
    """Until the job worker has rendered every PDF waiting at start (the demo's records: about
    a minute of a core's time), so that no figure measured next competes with that burst."""
    engine = bench_engine(database_url)
    waiting = text("SELECT COUNT(*) FROM render_job WHERE status IN ('pending', 'running')")
    deadline, began = time.monotonic() + seconds, time.monotonic()
    try:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                if not connection.execute(waiting).scalar():
                    break
            time.sleep(1)
    finally:
        engine.dispose()
    print(f"  (waited {time.monotonic() - began:.0f} s for the PDFs waiting at start)", flush=True)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html
    )
    return found.group(1)


def signed_in(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    token = csrf_of(session.get(base + "/login", timeout=30).text)
    data = {"username": username, "password": password, "csrf_token": token}
    answer = session.post(base + "/login", data=data, allow_redirects=False, timeout=30)
    if answer.status_code != 302:
        raise RuntimeError(f"sign-in failed: {answer.status_code}")
    return session


def multipart_upload(base: str, session: requests.Session, case_id: int, photo: bytes):
    """(raw request bytes, socket address) of the page's photo upload (JSON answer)."""
    page = session.get(f"{base}/inspections/{case_id}/photos", timeout=30).text
    boundary = uuid.uuid4().hex
    fields = {"csrf_token": csrf_of(page), "kind": "site", "caption": "slow phone",
              "item_code": "", "idempotency_key": uuid.uuid4().hex}  # fmt: skip
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    )
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    body += photo + f"\r\n--{boundary}--\r\n".encode()
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    host = base.removeprefix("http://")
    head = (
        f"POST /inspections/{case_id}/photos HTTP/1.1\r\nHost: {host}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(body)}\r\nCookie: {cookie}\r\nAccept: application/json\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    address = host.split(":")
    return head + body, (address[0], int(address[1]))


def read_status(connection: socket.socket) -> int:
    """The status code of the answer on a raw connection (0 if it was closed without one)."""
    data = b""
    while b"\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            return 0
        data += chunk
    return int(data.split(b" ", 2)[1])
