"""Check that each lock file holds every pin of its input (run by make before installing).

Usage: python scripts/check-lock.py requirements.txt:requirements.lock [...]
Exits 1, naming what is missing, when an input was edited and `make lock` not run since.
"""

import re
import sys
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#\\]+)")


def pins(path: Path) -> dict[str, str]:
    """name -> version of each `name==version` line (names normalised as pip does)."""
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def main(pairs: list[str]) -> int:
    problems = []
    for pair in pairs:
        source, lock = (Path(part) for part in pair.split(":"))
        if not lock.is_file():
            problems.append(f"{lock} is missing")
            continue
        locked = pins(lock)
        for name, version in pins(source).items():
            if locked.get(name) != version:
                problems.append(f"{source} pins {name}=={version}, {lock} has {locked.get(name)}")
    for problem in problems:
        print(f"check-lock: {problem}", file=sys.stderr)
    if problems:
        print("check-lock: run `make lock` and commit the lock files", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
