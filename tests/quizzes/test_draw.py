"""Drawing papers and scoring them: pure functions, fixed seeds, so nothing here can flake."""

import random
from collections import Counter
from dataclasses import dataclass

import pytest

from inspect_app.quizzes import draw


@dataclass
class Q:
    id: int
    kind: str
    answer: str


def test_draws_of_one_from_ten_are_uniform():
    bank = {"law": list(range(1, 11))}
    counts = Counter(draw.draw_paper(bank, {"law": 1}, seed)[0] for seed in range(20_000))
    assert set(counts) == set(range(1, 11))
    assert all(1_700 <= n <= 2_300 for n in counts.values()), counts


def test_every_eligible_question_is_equally_likely_in_larger_papers():
    """3 of 12 per paper: each question is on a paper with probability 1/4."""
    bank = {"law": list(range(100, 112)), "fire": [7, 8, 9]}
    counts = Counter()
    for seed in range(8_000):
        counts.update(draw.draw_paper(bank, {"law": 3, "fire": 1}, seed))
    assert all(1_700 <= counts[qid] <= 2_300 for qid in bank["law"]), counts
    assert all(2_300 <= counts[qid] <= 3_030 for qid in bank["fire"]), counts


def test_same_seed_same_paper_whatever_the_bank_order():
    bank = {"law": [5, 3, 9, 1, 7, 2], "fire": [40, 30, 20, 10]}
    shuffled = {"fire": [10, 40, 20, 30], "law": [1, 2, 3, 5, 7, 9]}
    counts = {"law": 3, "fire": 2}
    first = draw.draw_paper(bank, counts, 12345)
    assert first == draw.draw_paper(shuffled, counts, 12345)
    assert first != draw.draw_paper(bank, counts, 12346)


def test_paper_follows_topic_order_without_repeats():
    bank = {"law": list(range(1, 9)), "fire": list(range(20, 26))}
    paper = draw.draw_paper(bank, {"law": 4, "fire": 3}, 7)
    assert len(paper) == len(set(paper)) == 7
    assert all(q < 20 for q in paper[:4]) and all(q >= 20 for q in paper[4:])


def test_topic_with_too_few_questions_is_refused():
    with pytest.raises(draw.TopicTooSmall) as caught:
        draw.draw_paper({"law": [1, 2]}, {"law": 3}, 1)
    assert (caught.value.topic, caught.value.wanted, caught.value.available) == ("law", 3, 2)


def test_fit_counts_takes_what_exists_and_says_so():
    bank = {"law": [1, 2, 3, 4], "fire": [9]}
    fitted, short = draw.fit_counts(bank, {"law": 3, "fire": 2, "ppe": 1})
    assert fitted == {"law": 3, "fire": 1}
    assert short == {"fire": (2, 1), "ppe": (1, 0)}


def test_thirty_workers_get_thirty_distinct_papers():
    bank = {"law": list(range(1, 9)), "fire": list(range(20, 26))}
    counts, taken = {"law": 3, "fire": 2}, set()
    rng = random.Random(2026)
    for _worker in range(30):
        paper = draw.draw_distinct(bank, counts, taken, rng)
        assert paper.key not in taken
        assert draw.draw_paper(bank, counts, paper.seed) == paper.question_ids
        assert 0 < paper.seed < draw.SEED_LIMIT
        taken.add(paper.key)
    assert len(taken) == 30


def test_bank_too_small_for_another_distinct_paper():
    bank = {"law": [1, 2, 3, 4]}  # C(4, 2) = 6 papers
    rng, taken = random.Random(1), set()
    for _worker in range(6):
        taken.add(draw.draw_distinct(bank, {"law": 2}, taken, rng).key)
    with pytest.raises(draw.NoDistinctPaper) as caught:
        draw.draw_distinct(bank, {"law": 2}, taken, rng)
    assert (caught.value.possible, caught.value.taken) == (6, 6)


def test_paper_key_ignores_order_and_fits_the_column():
    assert draw.paper_key([3, 1, 2]) == draw.paper_key([1, 2, 3])
    assert draw.paper_key([1, 2, 3]) != draw.paper_key([1, 2, 4])
    assert len(draw.paper_key(range(1000, 1100))) == 64


def test_multiple_choice_is_all_or_nothing():
    question = Q(1, "multiple", "ACD")
    assert draw.is_correct(question, "DCA")
    assert draw.is_correct(question, ["a", "c", "d"])
    assert not draw.is_correct(question, "AC")  # two of three right: nothing
    assert not draw.is_correct(question, "ABCD")  # one too many: nothing
    assert not draw.is_correct(question, "")
    assert draw.score([question], {"1": "AC"}) == (0, 1, 0)


def test_single_and_true_false_must_match_exactly():
    single, true_false = Q(1, "single", "B"), Q(2, "true_false", "F")
    assert draw.is_correct(single, "b") and not draw.is_correct(single, "AB")
    assert draw.is_correct(true_false, "F") and not draw.is_correct(true_false, "T")
    assert draw.score([single, true_false], {"1": "B", "2": "T"}) == (1, 2, 50)


def test_percent_rounds_half_up_but_pass_uses_the_exact_share():
    questions = [Q(i, "single", "A") for i in range(1, 4)]
    assert draw.score(questions, {"1": "A", "2": "A"}) == (2, 3, 67)
    assert not draw.passes(2, 3, 67)  # 66.7 % is below 67 %
    assert draw.passes(6, 10, 60) and not draw.passes(5, 10, 60)
    assert draw.score([], {}) == (0, 0, 0) and not draw.passes(0, 0, 60)
