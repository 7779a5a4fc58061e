"""Serve the app as `make run` does: nginx in front, gunicorn's workers behind it, and
the job worker that renders the PDFs (`flask --app wsgi jobs work`) beside them.

Why a buffering front server: phones in the field send photos at a few kB/s. nginx reads each
request body whole (to memory or a temporary file) before it passes the request on, and takes
each answer whole before it trickles it back, so a slow phone holds only a cheap nginx
connection, never a Python worker or thread. Gunicorn then sees only fast, local clients: its
single-threaded workers (2 per CPU + 1, gunicorn.conf.py) each run one request at a time, and
while one waits on the database another runs.

If nginx is not installed, gunicorn alone serves (with a warning), with FALLBACK_THREADS threads
a worker unless --threads says otherwise: a slow upload then holds one thread for as long as it
lasts, and threads make it take more slow phones to block the site.

Gunicorn's settings (workers, threads, timeouts, restarts) are in gunicorn.conf.py; this script
only binds it to nginx's socket and passes on --workers/--threads when given.

The job worker renders record PDFs and draft previews after the requests that ask for them
(inspect_app.jobs); it is a child like the others: if one exits, all stop. --no-worker leaves
it out (run it elsewhere, e.g. on another host sharing a Redis or PostgreSQL queue).

Usage: python scripts/serve.py [--port 5000] [--workers N] [--threads N] [--quiet] [--no-worker]
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
JOB_WORKER = [str(BIN / "flask"), "--app", "wsgi", "jobs", "work"]
FALLBACK_THREADS = 4  # a worker's threads when gunicorn faces the clients itself

NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {run}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;  # gunicorn logs each request
  client_body_temp_path {run}/body;
  proxy_temp_path {run}/proxy;
  fastcgi_temp_path {run}/fastcgi;
  uwsgi_temp_path {run}/uwsgi;
  scgi_temp_path {run}/scgi;
  client_max_body_size {max_body};
  client_body_buffer_size 256k;
  client_body_timeout 60s;  # between two reads: a phone silent for a minute is let go
  client_header_timeout 30s;
  send_timeout 60s;
  keepalive_timeout 30s;
  server_tokens off;
  proxy_request_buffering on;  # the whole body first, then the app
  proxy_buffering on;  # the whole answer first, then the phone
  proxy_buffers 64 16k;
  proxy_max_temp_file_size 256m;
  proxy_read_timeout 300s;  # issuing a record with many photos takes a while
  # Append to what a proxy further out said, as X-Forwarded-For does (TRUSTED_PROXIES + 1).
  map $http_x_forwarded_proto $fwd_proto {{
    "" $scheme; default "$http_x_forwarded_proto, $scheme";
  }}
  map $http_x_forwarded_host $fwd_host {{
    "" $http_host; default "$http_x_forwarded_host, $http_host";
  }}
  # The request id the app logs and echoes: the client's, else one nginx makes up.
  map $http_x_request_id $req_id {{ "" $request_id; default $http_x_request_id; }}
  upstream app {{ server unix:{run}/gunicorn.sock; keepalive 32; }}
  server {{
    listen {host}:{port} backlog=4096;
    location / {{
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $fwd_proto;
      proxy_set_header X-Forwarded-Host $fwd_host;
      proxy_set_header X-Request-ID $req_id;
    }}
  }}
}}
"""


def main() -> int:
    args = _arguments()
    run = ROOT / "instance" / "serve" / str(args.port)
    run.mkdir(parents=True, exist_ok=True)
    nginx = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    jobs = [] if args.no_worker else [subprocess.Popen(JOB_WORKER, cwd=ROOT)]
    if nginx is None:
        print("serve: nginx not found; gunicorn alone faces the clients", file=sys.stderr)
        web = subprocess.Popen(_facing_clients(args))
        return _supervise([*jobs, web])
    socket = run / "gunicorn.sock"
    socket.unlink(missing_ok=True)
    conf = run / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(run=run, host=args.host, port=args.port, max_body=args.max_body)
    )
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run / name).mkdir(exist_ok=True)
    children = [*jobs, subprocess.Popen(_gunicorn(args, f"unix:{socket}", proxies=1))]
    if not _wait_for(socket, children[-1]):
        return _stop(children, 1)
    children.append(subprocess.Popen([nginx, "-p", str(run), "-c", str(conf)]))
    return _supervise(children)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 5000)))
    parser.add_argument("--workers", type=int, help="default: gunicorn.conf.py (2 x CPUs + 1)")
    parser.add_argument("--threads", type=int, help="default: gunicorn.conf.py (1)")
    parser.add_argument("--max-body", default="21m")  # the app's own limit is 20 MiB
    parser.add_argument("--quiet", action="store_true", help="no request log")
    parser.add_argument("--no-worker", action="store_true", help="no job worker (PDFs)")
    return parser.parse_args()


def _gunicorn(args, bind: str, proxies: int) -> list[str]:
    """The gunicorn command; `proxies` more trusted proxies in front (nginx: one)."""
    os.environ["TRUSTED_PROXIES"] = str(int(os.environ.get("TRUSTED_PROXIES") or 0) + proxies)
    if args.quiet:
        os.environ["LOG_REQUESTS"] = "0"
    command = [
        str(BIN / "gunicorn"),
        "--config", str(ROOT / "gunicorn.conf.py"),
        "--chdir", str(ROOT),
        "--bind", bind,
    ]  # fmt: skip
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    return [*command, "wsgi:app"]


def _facing_clients(args) -> list[str]:
    """The gunicorn command without nginx: bound to the address, threads against slow phones."""
    args.threads = args.threads or FALLBACK_THREADS
    return _gunicorn(args, f"{args.host}:{args.port}", proxies=0)


def _wait_for(socket: Path, process: subprocess.Popen, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if socket.exists():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.1)
    return False


def _supervise(children: list[subprocess.Popen]) -> int:
    """Until a signal or a child's exit; then stop the others and exit with its status."""
    stopping = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda number, _frame: stopping.append(number))
    while not stopping:
        for child in children:
            if child.poll() is not None:
                return _stop(children, child.returncode)
        time.sleep(0.2)
    return _stop(children, 0)


def _stop(children: list[subprocess.Popen], status: int) -> int:
    """nginx quits gracefully on SIGQUIT, gunicorn on SIGTERM; the job worker stops at once on
    SIGTERM (a PDF it was rendering is rendered again once the worker is back: jobs' sweep)."""
    for child in children:
        if child.poll() is None:
            child.send_signal(_stop_signal(child))
    for child in children:
        try:
            child.wait(timeout=35)
        except subprocess.TimeoutExpired:
            child.kill()
    return status


def _stop_signal(child: subprocess.Popen) -> int:
    return signal.SIGQUIT if Path(child.args[0]).name == "nginx" else signal.SIGTERM


if __name__ == "__main__":
    sys.exit(main())
