"""Time put + read of a 1 MB file on each storage backend against a raw file write and read.

- the baseline: open, write, close and read back a plain file (no fsync), then the same with an
  fsync of the file, which is what the folder backend pays for durability;
- the folder backend (STORAGE_BACKEND=local): put (atomic write, file and folder synced) + read;
- the S3 backend against moto's S3 server on this machine (a separate process, over HTTP):
  put (HEAD, then PUT with Content-MD5) + read (GET).

Every run stores new bytes (made in every row, baseline included), so a put is never skipped.
Run: .venv/bin/python bench/storage.py [--runs N]. Reports only; always exits 0.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

SIZE = 1024 * 1024


def timed(step, runs: int) -> list[float]:
    step(0)  # warm: connections, folders
    times = []
    for n in range(1, runs + 1):
        start = time.perf_counter()
        step(n)
        times.append(time.perf_counter() - start)
    return times


def payload(n: int) -> bytes:
    return n.to_bytes(8, "big") + os.urandom(SIZE - 8)


def raw_file(folder: Path, sync: bool):
    def step(n: int) -> None:
        path = folder / f"raw-{sync}-{n}.bin"
        with open(path, "wb") as out:
            out.write(payload(n))
            if sync:
                out.flush()
                os.fsync(out.fileno())
        path.read_bytes()

    return step


def through(storage):
    def step(n: int) -> None:
        key, _ = storage.put(payload(n), "bench", ".bin")
        storage.read(key)

    return step


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_moto() -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("moto_server did not start")


def s3_storage(endpoint: str):
    import boto3

    from inspect_app.storage import make_storage

    settings = {
        "S3_ENDPOINT_URL": endpoint,
        "S3_BUCKET": "bench",
        "S3_ACCESS_KEY_ID": "bench",
        "S3_SECRET_ACCESS_KEY": "bench",
    }
    keys = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **keys).create_bucket(
        Bucket="bench"
    )
    return make_storage("s3", settings)


def report(name: str, times: list[float], baseline: float | None) -> None:
    median = statistics.median(times)
    slowest = max(times)
    ratio = f"  ({median / baseline:.1f}x the raw write)" if baseline else ""
    print(f"{name:<44} median {median * 1000:7.1f} ms  slowest {slowest * 1000:7.1f} ms{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    from inspect_app.storage import make_storage

    print(f"put + read of {SIZE // 1024} kB, {runs} runs each")
    with tempfile.TemporaryDirectory(prefix="bench-storage-") as folder:
        root = Path(folder)
        raw = timed(raw_file(root, sync=False), runs)
        base = statistics.median(raw)
        report("baseline: raw file write + read", raw, None)
        report("baseline: raw file write + fsync + read", timed(raw_file(root, True), runs), base)
        local = make_storage("local", {"STORAGE_DIR": str(root / "storage")})
        report("local folder: put + read", timed(through(local), runs), base)
        server, endpoint = start_moto()
        try:
            report(
                "S3 (moto server, local HTTP): put + read",
                timed(through(s3_storage(endpoint)), runs),
                base,
            )
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports; it never fails the run
        traceback.print_exc()
