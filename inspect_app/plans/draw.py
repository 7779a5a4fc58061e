"""The 双随机 draw as a pure function, so that anyone can re-run it from the published record.

Algorithm "sha256-rank-1", given the seed (a string), the subject ids, the mandatory subject ids
(included without drawing: full-coverage kinds, all high-risk units), the officer ids, the
conflicts (subject id, officer id) and the sample size k:

1. Canonical lists. Each list is its integers sorted ascending, written in decimal, one per line,
   each line ending in "\\n", encoded as UTF-8; conflicts are written "subject:officer". The
   SHA-256 of that text is the list's hash printed on the record.
2. Rank. rank(x) = SHA-256 of the UTF-8 text "<seed>:<x>" as a hex string; lower comes first.
3. Subjects. The mandatory subjects in ascending id order come first; then the other subjects,
   ordered by rank("subject:<id>"); the first k of those are drawn.
4. Officers. For each drawn subject in that order, the officers not in conflict with it are
   ordered by (tasks given so far in this draw, rank("officer:<subject id>:<officer id>")); the
   first two are assigned. Fewer than two left is an error: the draw is refused.

Nothing but SHA-256 and sorting is used, so the result does not depend on a language's random
number generator. Python to re-run: `run_draw(DrawInput(...))` below.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass

ALGORITHM = "sha256-rank-1"
OFFICERS_PER_TASK = 2


class DrawRefused(ValueError):
    """The lists cannot give a valid draw; `subject_id` names the subject that failed, if one."""

    def __init__(self, reason: str, subject_id: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.subject_id = subject_id


@dataclass(frozen=True)
class DrawInput:
    seed: str
    subject_ids: tuple[int, ...]
    mandatory_ids: tuple[int, ...]
    officer_ids: tuple[int, ...]
    conflicts: tuple[tuple[int, int], ...]
    sample_size: int


@dataclass(frozen=True)
class Assignment:
    subject_id: int
    officer_ids: tuple[int, ...]


def canonical(values) -> str:
    """The canonical text of a list of ids, or of (subject, officer) pairs."""
    values = list(values)
    if values and isinstance(values[0], tuple | list):
        lines = [f"{a}:{b}" for a, b in sorted((int(v[0]), int(v[1])) for v in values)]
    else:
        lines = [str(v) for v in sorted(int(v) for v in values)]
    return "".join(line + "\n" for line in lines)


def list_hash(values) -> str:
    """SHA-256 (hex) of the canonical text of a list."""
    return hashlib.sha256(canonical(values).encode()).hexdigest()


def rank(seed: str, label: str) -> str:
    return hashlib.sha256(f"{seed}:{label}".encode()).hexdigest()


def draw_subjects(data: DrawInput) -> list[int]:
    """The mandatory subjects, then k others in rank order."""
    mandatory = sorted(set(data.mandatory_ids) & set(data.subject_ids))
    others = sorted(set(data.subject_ids) - set(mandatory))
    others.sort(key=lambda sid: rank(data.seed, f"subject:{sid}"))
    return mandatory + others[: max(0, data.sample_size)]


def assign_officers(data: DrawInput, subject_ids: list[int]) -> list[Assignment]:
    """Two officers per subject: not in conflict with it, fewest tasks so far, then by rank."""
    conflicts = {(int(s), int(o)) for s, o in data.conflicts}
    load: Counter[int] = Counter()
    result = []
    for sid in subject_ids:
        free = [o for o in sorted(set(data.officer_ids)) if (sid, o) not in conflicts]
        if len(free) < OFFICERS_PER_TASK:
            raise DrawRefused("not enough officers without a conflict", sid)
        free.sort(key=lambda o, sid=sid: (load[o], rank(data.seed, f"officer:{sid}:{o}")))
        chosen = tuple(sorted(free[:OFFICERS_PER_TASK]))
        load.update(chosen)
        result.append(Assignment(sid, chosen))
    return result


def run_draw(data: DrawInput) -> list[Assignment]:
    """The whole draw: subjects, then two officers for each."""
    return assign_officers(data, draw_subjects(data))


def result_hash(assignments: list[Assignment]) -> str:
    """SHA-256 of the result: one line per task, "subject:officer,officer", in draw order."""
    text = "".join(f"{a.subject_id}:{','.join(map(str, a.officer_ids))}\n" for a in assignments)
    return hashlib.sha256(text.encode()).hexdigest()
