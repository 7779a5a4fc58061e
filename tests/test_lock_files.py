"""The lock files install everything with hashes and hold every pin of the edited inputs."""

import re
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ("requirements.txt:requirements.lock", "requirements-dev.txt:requirements-dev.lock")


def _check_lock():
    return runpy.run_path(str(ROOT / "scripts" / "check-lock.py"))["main"]


def test_each_lock_holds_its_inputs_pins(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert _check_lock()(list(PAIRS)) == 0


def test_every_locked_package_carries_hashes():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        entries = re.split(r"\n(?=[a-z0-9])", (ROOT / lock).read_text().split("\n\n")[-1])
        packages = [entry for entry in entries if "==" in entry.split("\n")[0]]
        assert len(packages) > 30
        for entry in packages:
            assert "--hash=sha256:" in entry, entry.split("\n")[0]


def test_a_stale_lock_is_named(tmp_path, capsys):
    (tmp_path / "in.txt").write_text("Flask==3.1.3\nFlask-Compress==1.25\n")
    (tmp_path / "in.lock").write_text("flask==3.1.3 \\\n    --hash=sha256:00\n")
    assert _check_lock()([f"{tmp_path}/in.txt:{tmp_path}/in.lock"]) == 1
    assert "flask-compress==1.25" in capsys.readouterr().err
