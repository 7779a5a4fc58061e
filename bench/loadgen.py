"""A bounded, open-loop HTTP/1.1 load generator for loopback (asyncio, keep-alive pool).

Requests are sent on a fixed schedule (rate per second for a bounded time) whatever the server
does, and each latency is counted from the moment the request was due, so a slow server cannot
hide its queue (no coordinated omission). At most MAX_CONNECTIONS are open; a request that
finds none free waits for one, and that wait counts in its latency.

A request still unanswered REQUEST_TIMEOUT after it was due is a timeout (a phone gives up too),
counted apart from the server's error answers and in the percentiles at that timeout: an
overloaded run reports a p95 of at least the timeout, not the p95 of the few that got through."""

import asyncio
import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# BENCH_CONNECTIONS: more phones at once. Each proxied request holds two of nginx's 4,096
# connections, so stay under about 2,000.
MAX_CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 256))
REQUEST_TIMEOUT = 10.0


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    # A phone's cookies, as a browser keeps them: sent as the Cookie header, updated from each
    # answer's Set-Cookie. Without it the request sends its headers' Cookie as it stands.
    jar: dict[str, str] | None = None


@dataclass
class Result:
    offered: int
    scheduled: float  # the seconds over which the requests were offered
    seconds: float  # until the last answer
    ok: int  # answered 2xx, 3xx or 409 (a lost autosave race, answered as designed)
    errors: int  # answered another 4xx or 5xx, or the connection failed
    statuses: dict[int, int]
    latencies: list[float]  # every answered request's, and REQUEST_TIMEOUT for each timed out
    timeouts: int = 0  # no answer REQUEST_TIMEOUT after it was due: the phone gave up

    @property
    def achieved(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> int:
        return self.errors + self.timeouts

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def line(self, label: str) -> str:
        median = statistics.median(self.latencies) * 1000 if self.latencies else float("nan")
        conflicts = self.statuses.get(409, 0)
        return (
            f"{label:<30} offered {self.offered / self.scheduled:4.0f}/s  achieved "
            f"{self.achieved:4.0f}/s  errors {self.errors:5d}  timeouts {self.timeouts:5d}  "
            f"409 {conflicts:3d}  p50 {median:6.0f} ms  p95 {self.percentile(95) * 1000:6.0f} ms"
        )


class _Pool:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.free: asyncio.Queue = asyncio.Queue()
        self.opened = 0

    async def get(self):
        if self.free.empty() and self.opened < MAX_CONNECTIONS:
            self.opened += 1
            try:
                return await asyncio.open_connection(self.host, self.port)
            except BaseException:  # refused, or given up on (cancelled): the slot is free again
                self.opened -= 1
                raise
        return await self.free.get()

    def put(self, connection) -> None:
        self.free.put_nowait(connection)

    def drop(self, connection) -> None:
        self.opened -= 1
        connection[1].close()


async def _exchange(connection, host: str, request: Request) -> int:
    reader, writer = connection
    head = [f"{request.method} {request.path} HTTP/1.1", f"Host: {host}"]
    head += [f"{name}: {value}" for name, value in request.headers.items()]
    if request.jar:
        head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in request.jar.items()))
    head.append(f"Content-Length: {len(request.body)}")
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + request.body)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, chunked, closing = 0, False, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie" and request.jar is not None:
            _keep_cookie(request.jar, value)
        value = value.lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            closing = True
    if chunked:
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    elif length:
        await reader.readexactly(length)
    if closing:
        raise _Closed(status)
    return status


def _keep_cookie(jar: dict[str, str], header: str) -> None:
    pair, _, attributes = header.partition(";")
    name, _, value = pair.strip().partition("=")
    expired = "max-age=0" in attributes.lower().replace(" ", "") or not value
    if expired:
        jar.pop(name, None)
    else:
        jar[name] = value


class _Closed(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


async def _run(base: str, rate: int, seconds: float, next_request: Callable[[int], Request]):
    host_port = base.removeprefix("http://")
    host, port = host_port.split(":")
    pool = _Pool(host, int(port))
    loop = asyncio.get_running_loop()
    total = int(rate * seconds)
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    start = loop.time() + 0.05

    counts = {"errors": 0, "timeouts": 0}

    async def one(index: int, due: float) -> None:
        connection = None

        async def exchange() -> int:
            nonlocal connection
            connection = await pool.get()
            status = await _exchange(connection, host_port, next_request(index))
            pool.put(connection)
            connection = None
            return status

        try:  # one deadline for waiting for a connection and for the answer
            status = await asyncio.wait_for(exchange(), due + REQUEST_TIMEOUT - loop.time())
        except _Closed as closed:
            status = closed.status
            pool.drop(connection)
        except TimeoutError:
            if connection is not None:
                pool.drop(connection)
            counts["timeouts"] += 1
            latencies.append(REQUEST_TIMEOUT)
            return
        except Exception:
            if connection is not None:
                pool.drop(connection)
            counts["errors"] += 1
            statuses[0] = statuses.get(0, 0) + 1
            return
        statuses[status] = statuses.get(status, 0) + 1
        if status >= 400 and status != 409:
            counts["errors"] += 1
        latencies.append(loop.time() - due)

    tasks = []
    for index in range(total):
        due = start + index / rate
        if (delay := due - loop.time()) > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(index, due)))
    await asyncio.gather(*tasks)
    elapsed = max(loop.time() - start, seconds)
    while not pool.free.empty():
        pool.free.get_nowait()[1].close()
    ok = sum(n for status, n in statuses.items() if 0 < status < 400 or status == 409)
    failed = counts["errors"]
    return Result(total, seconds, elapsed, ok, failed, statuses, latencies, counts["timeouts"])


def offer(base: str, rate: int, seconds: float, next_request: Callable[[int], Request]) -> Result:
    """Offer `rate` requests per second for `seconds`; wait for the last answer."""
    began = time.monotonic()
    result = asyncio.run(_run(base, rate, seconds, next_request))
    result.seconds = max(result.seconds, time.monotonic() - began - 0.05)
    return result


async def _closed(
    base: str, users: int, per_user: int, next_request: Callable[[int], Request], think: float
):
    host_port = base.removeprefix("http://")
    host, port = host_port.split(":")
    loop = asyncio.get_running_loop()
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    errors = 0

    async def user(number: int) -> None:
        nonlocal errors
        connection = None
        pauses = random.Random(number)  # the same pauses on every run
        await asyncio.sleep(pauses.uniform(0, think))  # users arrive spread over a pause
        for step in range(per_user):
            if step:
                await asyncio.sleep(pauses.uniform(0.5, 1.5) * think)
            began = loop.time()
            try:
                if connection is None:
                    connection = await asyncio.open_connection(host, int(port))
                request = next_request(number * per_user + step)
                status = await asyncio.wait_for(
                    _exchange(connection, host_port, request), REQUEST_TIMEOUT
                )
            except _Closed as closed:
                status, connection = closed.status, None
            except Exception:
                errors += 1
                statuses[0] = statuses.get(0, 0) + 1
                if connection is not None:
                    connection[1].close()
                connection = None
                continue
            statuses[status] = statuses.get(status, 0) + 1
            if status >= 400:
                errors += 1
            latencies.append(loop.time() - began)
        if connection is not None:
            connection[1].close()

    start = loop.time()
    await asyncio.gather(*(user(number) for number in range(users)))
    elapsed = loop.time() - start
    ok = users * per_user - errors
    return Result(users * per_user, elapsed, elapsed, ok, errors, statuses, latencies)


def concurrent(
    base: str,
    users: int,
    per_user: int,
    next_request: Callable[[int], Request],
    think: float = 0.0,
) -> Result:
    """`users` users at once, each sending `per_user` requests one after the other (closed loop:
    each waits for its answer), as a page's visitors do. With `think`, each user pauses about
    that many seconds (0.5–1.5×, the same on every run) before each next request, and the
    users start spread over one pause."""
    return asyncio.run(_closed(base, users, per_user, next_request, think))


def sustained(
    base: str,
    rates: list[int],
    seconds: float,
    next_request: Callable[[int], Request],
    p95_goal: float,
    settle: Callable[[], None] = lambda: None,
) -> tuple[int, list[tuple[int, Result]]]:
    """The highest of `rates` (tried in rising order, stopping at the first that fails) held with
    no error or timeout and a p95 within `p95_goal` seconds; 0 if none. `settle` runs before
    each step, to let the server drain what the last one left queued."""
    held, steps = 0, []
    for rate in sorted(rates):
        settle()
        result = offer(base, rate, seconds, next_request)
        steps.append((rate, result))
        if result.failed or result.percentile(95) > p95_goal:
            break
        held = rate
    return held, steps
