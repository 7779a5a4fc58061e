"""The draw as a pure function: reproducible, recusal-proof, two officers per task."""

import hashlib
import random

import pytest

from inspect_app.plans.draw import (
    ALGORITHM,
    DrawInput,
    DrawRefused,
    canonical,
    list_hash,
    result_hash,
    run_draw,
)

SUBJECTS = tuple(range(101, 131))
OFFICERS = (7, 3, 11, 5)


def data(**changes) -> DrawInput:
    fields = {
        "seed": "published-seed-1",
        "subject_ids": SUBJECTS,
        "mandatory_ids": (105, 120),
        "officer_ids": OFFICERS,
        "conflicts": ((101, 3), (102, 7), (102, 11)),
        "sample_size": 6,
    }
    fields.update(changes)
    return DrawInput(**fields)


def test_the_same_seed_and_lists_give_the_same_draw():
    first = run_draw(data())
    assert run_draw(data()) == first
    assert result_hash(run_draw(data())) == result_hash(first)


def test_the_order_the_lists_come_in_does_not_matter():
    shuffled = list(SUBJECTS)
    random.Random(4).shuffle(shuffled)
    again = data(subject_ids=tuple(shuffled), officer_ids=tuple(reversed(OFFICERS)))
    assert run_draw(again) == run_draw(data())


def test_another_seed_draws_other_subjects():
    drawn = {a.subject_id for a in run_draw(data())}
    others = {a.subject_id for a in run_draw(data(seed="published-seed-2"))}
    assert drawn != others


def test_mandatory_subjects_come_first_then_the_sample():
    result = run_draw(data())
    assert [a.subject_id for a in result[:2]] == [105, 120]
    assert len(result) == 2 + 6
    assert len({a.subject_id for a in result}) == 8


def test_recusal_holds_for_every_seed():
    conflicts = {(101, 3), (102, 7), (102, 11)}
    for n in range(200):
        for a in run_draw(data(seed=f"s{n}", sample_size=30)):
            assert not {(a.subject_id, o) for o in a.officer_ids} & conflicts


def test_at_least_two_distinct_officers_per_task():
    for n in range(50):
        for a in run_draw(data(seed=f"s{n}", sample_size=30)):
            assert len(set(a.officer_ids)) >= 2
            assert set(a.officer_ids) <= set(OFFICERS)


def test_tasks_are_spread_over_the_officers():
    result = run_draw(data(conflicts=(), sample_size=28))
    loads = [sum(o in a.officer_ids for a in result) for o in OFFICERS]
    assert max(loads) - min(loads) <= 1


def test_a_draw_that_leaves_fewer_than_two_officers_is_refused():
    with pytest.raises(DrawRefused) as refused:
        run_draw(data(conflicts=((105, 3), (105, 5), (105, 7))))
    assert refused.value.subject_id == 105


def test_canonical_lists_and_hashes_can_be_computed_by_hand():
    assert canonical([3, 1, 2]) == "1\n2\n3\n"
    assert canonical([(2, 9), (1, 12)]) == "1:12\n2:9\n"
    assert list_hash([3, 1, 2]) == hashlib.sha256(b"1\n2\n3\n").hexdigest()
    assert list_hash([]) == hashlib.sha256(b"").hexdigest()


def test_the_subject_order_is_the_documented_rank():
    """Re-derive the draw from the documented rule with nothing but hashlib."""

    def rank(label: str) -> str:
        return hashlib.sha256(f"published-seed-1:{label}".encode()).hexdigest()

    others = sorted(set(SUBJECTS) - {105, 120}, key=lambda s: rank(f"subject:{s}"))
    assert [a.subject_id for a in run_draw(data())] == [105, 120, *others[:6]]
    assert ALGORITHM == "sha256-rank-1"
