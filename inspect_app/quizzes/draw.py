"""Drawing quiz papers and scoring them: plain functions, no Flask, no database.

A paper is drawn from a bank {topic: [question ids]} with `random.Random(seed)`, so the same
seed over the same bank always gives the same paper. A case never gives two workers the same
paper: `draw_distinct` tries new seeds until the paper's key (a hash of its sorted ids) is new.
"""

import hashlib
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

SEED_LIMIT = 2**31 - 1  # the seed is stored in an INTEGER column
MAX_TRIES = 500
TRUE_FALSE_LABELS = ("T", "F")


class DrawError(ValueError):
    """The bank cannot give the paper asked for."""


class TopicTooSmall(DrawError):
    """A topic has fewer eligible questions than the paper needs from it."""

    def __init__(self, topic: str, wanted: int, available: int) -> None:
        super().__init__(f"topic {topic!r}: {wanted} wanted, {available} available")
        self.topic, self.wanted, self.available = topic, wanted, available


class NoDistinctPaper(DrawError):
    """Every paper the bank can give (or every one found in MAX_TRIES draws) is taken."""

    def __init__(self, possible: int, taken: int) -> None:
        super().__init__(f"no distinct paper left: {possible} possible, {taken} taken")
        self.possible, self.taken = possible, taken


class Scorable(Protocol):
    id: int
    kind: str
    answer: str


@dataclass(frozen=True)
class Paper:
    seed: int
    question_ids: list[int]
    key: str


def draw_paper(
    bank: Mapping[str, Iterable[int]], topic_counts: Mapping[str, int], seed: int
) -> list[int]:
    """The question ids of one paper: per topic (in the counts' order), a sample without
    replacement, in draw order. The bank's own order does not matter (pools are sorted)."""
    rng = random.Random(seed)
    paper: list[int] = []
    for topic, count in topic_counts.items():
        pool = sorted(set(bank.get(topic, ())))
        if count > len(pool):
            raise TopicTooSmall(topic, count, len(pool))
        paper.extend(rng.sample(pool, count))
    return paper


def paper_key(question_ids: Iterable[int]) -> str:
    """The same for two papers with the same questions, in whatever order (64 hex characters)."""
    joined = ",".join(str(i) for i in sorted(question_ids))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def possible_papers(bank: Mapping[str, Iterable[int]], topic_counts: Mapping[str, int]) -> int:
    """How many different papers (as sets of questions) the bank can give."""
    total = 1
    for topic, count in topic_counts.items():
        total *= math.comb(len(set(bank.get(topic, ()))), count)
    return total


def draw_distinct(
    bank: Mapping[str, Iterable[int]],
    topic_counts: Mapping[str, int],
    taken_paper_keys: set[str],
    rng: random.Random,
    tries: int = MAX_TRIES,
) -> Paper:
    """A paper whose key is not taken yet, drawn with fresh seeds from `rng`."""
    for topic, count in topic_counts.items():
        available = len(set(bank.get(topic, ())))
        if count > available:
            raise TopicTooSmall(topic, count, available)
    possible = possible_papers(bank, topic_counts)
    if possible <= len(taken_paper_keys):
        raise NoDistinctPaper(possible, len(taken_paper_keys))
    for _try in range(tries):
        seed = rng.randrange(1, SEED_LIMIT)
        ids = draw_paper(bank, topic_counts, seed)
        key = paper_key(ids)
        if key not in taken_paper_keys:
            return Paper(seed, ids, key)
    raise NoDistinctPaper(possible, len(taken_paper_keys))


def fit_counts(
    bank: Mapping[str, Iterable[int]], topic_counts: Mapping[str, int]
) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """Counts cut to what the bank holds, and the topics cut: {topic: (wanted, available)}."""
    fitted: dict[str, int] = {}
    short: dict[str, tuple[int, int]] = {}
    for topic, wanted in topic_counts.items():
        available = len(set(bank.get(topic, ())))
        if available < wanted:
            short[topic] = (wanted, available)
        if min(wanted, available) > 0:
            fitted[topic] = min(wanted, available)
    return fitted, short


def normalise_labels(labels: str | Sequence[str] | None) -> str:
    """'ca', ['C', 'A'] → 'AC': upper case, each label once, sorted."""
    return "".join(sorted({str(label).strip().upper() for label in labels or () if label}))


def is_correct(question: Scorable, given: str | None) -> bool:
    """Multiple choice is all or nothing (exactly the right set); others must match exactly."""
    given = normalise_labels(given)
    expected = normalise_labels(question.answer)
    if not given:
        return False
    if question.kind == "multiple":
        return set(given) == set(expected)
    return given == expected


def score(questions: Sequence[Scorable], answers: Mapping[str, str]) -> tuple[int, int, int]:
    """(correct, total, percent rounded half up); answers are keyed by str(question id)."""
    total = len(questions)
    correct = sum(is_correct(q, answers.get(str(q.id))) for q in questions)
    percent = (200 * correct + total) // (2 * total) if total else 0
    return correct, total, percent


def passes(correct: int, total: int, pass_mark: int) -> bool:
    """Pass on the exact share (no rounding): correct / total ≥ pass_mark %."""
    return total > 0 and correct * 100 >= pass_mark * total
