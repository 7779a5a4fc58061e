"""The served stack's processes, read from /proc: which are ours (gunicorn masters and workers,
nginx, the job worker), their CPU time and their resident memory."""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def gunicorn_workers() -> list[int]:
    """Our gunicorn workers: descendants of this process whose parent is a gunicorn too."""
    return _gunicorns(workers=True)


def gunicorn_masters() -> list[int]:
    """Our gunicorn masters: gunicorn descendants of this process whose parent is none."""
    return _gunicorns(workers=False)


def _gunicorns(workers: bool) -> list[int]:
    tree, found, stack = _children(), [], [os.getpid()]
    while stack:
        pid = stack.pop()
        for child in tree.get(pid, []):
            stack.append(child)
            if _is_gunicorn(child) and _is_gunicorn(pid) == workers:
                found.append(child)
    return sorted(found)


def _is_gunicorn(pid: int) -> bool:
    try:
        return b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _stat(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def cpu_seconds(masters: list[int]) -> float:
    """CPU time of the masters' workers: those running now, and (the master's children time)
    those that have exited, so a worker restarted after max_requests still counts."""
    tree, total = _children(), 0
    for master in masters:
        fields = _stat(master)
        total += int(fields[13]) + int(fields[14]) if fields else 0  # cutime, cstime
        for worker in tree.get(master, []):
            fields = _stat(worker)
            total += int(fields[11]) + int(fields[12]) if fields else 0  # utime, stime
    return total / TICKS


def own_cpu_seconds(pid: int) -> float:
    """CPU time of one process (a worker) itself."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / TICKS if fields else 0.0  # utime, stime


def rss_mb(pid: int) -> float:
    return rss_parts(pid).get("VmRSS", float("nan"))


RSS_PARTS = ("VmRSS", "RssAnon", "RssFile", "RssShmem")


def rss_parts(pid: int) -> dict[str, float]:
    """Resident size (MB) and its parts: private memory (RssAnon), mapped files (RssFile: code
    and data files first touched, shared and given back under pressure) and shared memory
    (RssShmem: SQLite's WAL index, one mapping per connection)."""
    parts = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in RSS_PARTS:
            parts[name] = int(value.split()[0]) / 1024
    return parts


def _command(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _role(pid: int) -> str | None:
    command = _command(pid)
    if b"gunicorn" in command:
        return "app"
    if command.startswith(b"nginx"):
        return "nginx"
    if b"jobs\x00work" in command:
        return "job worker"
    return None


def cpu_by_role() -> dict[str, float]:
    """CPU seconds so far of this process ("load generator") and of its descendants by role:
    "app" (gunicorn, with workers already restarted), "nginx" and "job worker"."""
    tree, stack = _children(), [os.getpid()]
    fields = _stat(os.getpid())
    seconds = {"load generator": (int(fields[11]) + int(fields[12])) / TICKS}
    while stack:
        pid = stack.pop()
        for child in tree.get(pid, []):
            stack.append(child)
            role, fields = _role(child), _stat(child)
            if role is None or not fields:
                continue
            ticks = int(fields[11]) + int(fields[12])
            if role == "app" and not _is_gunicorn(pid):  # a master: add its exited workers
                ticks += int(fields[13]) + int(fields[14])
            seconds[role] = seconds.get(role, 0.0) + ticks / TICKS
    return seconds
