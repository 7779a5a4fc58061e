"""Gunicorn settings for every way the app is served: `make run` (scripts/serve.py, nginx in
front), the container (Dockerfile), or `gunicorn -c gunicorn.conf.py wsgi:app` by hand.

The environment overrides: WEB_BIND, WEB_WORKERS, WEB_THREADS, WEB_TIMEOUT, WEB_MAX_REQUESTS,
WEB_PRELOAD=0 (each worker imports the app itself) (LOG_REQUESTS=0, for no request log, is read
by the app). Options on the command line win.
"""

import ctypes
import os


def _cpus() -> int:
    """The CPUs this process may run on (a container's limit), not the host's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cap_malloc_arenas(arenas: int = 2) -> None:
    """At most two malloc arenas per process (what MALLOC_ARENA_MAX=2 sets), unless the
    environment says otherwise. glibc gives each thread that allocates at the same time an arena
    of its own, up to eight per core, and keeps in each what was freed there. Measured with
    bench/pages.py (2 workers x 4 threads, warm): 208-209 MB a worker against 214-215 MB; the
    growth after that is the same within the noise. Set here, in the master before it forks, so
    every way of serving gets it and every worker inherits it. On another C library: nothing."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(-8, arenas)  # M_ARENA_MAX


_cap_malloc_arenas()

bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
# Processes, not threads: two workers per CPU plus one, one thread each. Rendering is CPU-bound,
# so threads in one worker take turns on its interpreter lock: each request's server time then
# includes the others' turns, and the switching costs CPU. nginx in front buffers slow phones,
# so a worker only ever waits on the database or storage, and another worker runs meanwhile.
# Measured with bench/pages.py's pages (50 users, SQLite, 2 CPUs), 5 x 1 against 2 x 4: server
# p95 12-61 ms against 41-135 ms with no pause between loads, 7-27 ms against 15-131 ms with 2 s
# pauses. Forked from the preloaded app (below), a worker costs little memory of its own.
# gthread (not sync) keeps nginx's connections to the workers alive between requests.
worker_class = "gthread"
workers = _number("WEB_WORKERS", 2 * _cpus() + 1)
threads = _number("WEB_THREADS", 1)
# The app is imported once, in the master, and each worker forked from it (inspect_app/forking.py):
# a worker restarted below starts serving in milliseconds, where importing the app again cost
# about 3 s of CPU while the other workers carried its load. A new release therefore needs the
# master restarted (the container, or `make run`); a HUP re-forks workers from the loaded code.
preload_app = os.environ.get("WEB_PRELOAD", "1") != "0"
# Restart each worker after about this many requests (jittered, so they do not all restart
# at once): a slow leak in a library never grows without bound.
max_requests = _number("WEB_MAX_REQUESTS", 2000)
max_requests_jitter = max(max_requests // 10, 1) if max_requests else 0
timeout = _number("WEB_TIMEOUT", 120)  # a worker silent this long is stuck: restart it
graceful_timeout = 30  # on restart or stop, requests under way get this long to finish
keepalive = 30  # nginx (or the proxy in front) keeps connections to us open
backlog = 2048
# The heartbeat file in memory: a container's overlay disk can stall it into false timeouts.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Request lines come from the app as JSON (inspect_app/request_log.py), without query strings;
# gunicorn's own access log would print whole addresses, query strings included.
accesslog = None
errorlog = "-"
loglevel = "info"
# gunicorn's control socket lives in the home folder, shared by every instance of the user (and
# absent for a container's user); nothing here uses it.
control_socket_disable = True


def when_ready(server) -> None:
    """In the master, the app loaded, before the first worker is forked."""
    if not server.cfg.preload_app:  # each worker loads the app for itself
        return
    from inspect_app.forking import prepare_to_fork

    compiled = prepare_to_fork(server.app.wsgi())
    server.log.info("app preloaded: %d templates compiled, objects frozen for the forks", compiled)


def post_fork(server, worker) -> None:
    """In each new worker: its own database and queue connections, never the master's."""
    if not server.cfg.preload_app:
        return
    from inspect_app.forking import after_fork

    after_fork(server.app.wsgi())
