"""The tests against a fair random dealer (analysis.dealing): exact where they claim to be, and
with the false-verdict rate they state."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from sandbox.analysis import dealing


def brute_even_p(counts):
    n, k = sum(counts), len(counts)
    observed = dealing.pearson(counts)
    total = 0.0
    for head in itertools.product(range(n + 1), repeat=k - 1):
        last = n - sum(head)
        if last >= 0 and dealing.pearson([*head, last]) <= observed * (1 + 1e-12):
            total += math.exp(
                math.lgamma(n + 1) - sum(math.lgamma(c + 1) for c in (*head, last)) - n * math.log(k)
            )
    return total


@pytest.mark.parametrize(
    "counts",
    [[5, 5, 5, 5], [6, 4, 5, 5], [3, 7, 5, 5], [10, 2, 4, 4], [7, 7, 6], [9, 3], [4, 4, 4, 8], [6, 0, 0],
     [0, 0, 7, 0], [2, 0], [3], [0, 4, 4]],
)  # fmt: skip
def test_the_lower_tail_is_the_exact_multinomial_sum(counts):
    assert dealing.even_p(counts, stop_at=2) == pytest.approx(brute_even_p(counts), rel=1e-9)


def test_the_lower_tail_stops_once_it_reaches_the_level_asked():
    assert dealing.even_p([10, 2, 4, 4], stop_at=0.01) >= 0.01
    assert dealing.even_p([10, 2, 4, 4], stop_at=0.01) < brute_even_p([10, 2, 4, 4])
    # reaching the level exactly is enough: [1, 1] is [2, 0]'s likeliest vector, summed first
    exactly = dealing.even_p([1, 1], stop_at=2)
    assert dealing.even_p([2, 0], stop_at=exactly) == exactly < brute_even_p([2, 0])


def brute_candidates(left, slots, squares, bound):
    """Every count for which the rest, shared evenly (fractions allowed), keeps the squares
    within the bound, ordered as the likeliest first: outward from left / slots, below first."""
    fits = [
        count
        for count in range(left + 1)
        if squares + count**2 + (left - count) ** 2 / (slots - 1) <= bound + 1e-9
    ]
    start = left // slots
    return sorted(fits, key=lambda count: (start - count, 0) if count <= start else (count - start - 1, 1))


def test_the_candidates_are_every_count_that_may_stay_within_the_bound_likeliest_first():
    chance = random.Random(1206)
    for _ in range(3000):
        left, slots = chance.randint(0, 12), chance.randint(2, 5)
        squares, bound = chance.randint(0, 30), chance.randint(0, 200)
        found = list(dealing._candidates(left, slots, squares, bound))
        assert found == brute_candidates(left, slots, squares, bound), (left, slots, squares, bound)


@pytest.mark.parametrize(
    ("degrees", "x", "closed_form"),
    [
        (1, 0.5, math.erfc(math.sqrt(0.25))),
        (1, 20, math.erfc(math.sqrt(10))),
        (2, 3, math.exp(-1.5)),
        (2, 40, math.exp(-20)),
        (3, 16.56, 1 - (math.erf(math.sqrt(8.28)) - math.sqrt(2 * 16.56 / math.pi) * math.exp(-8.28))),
        (3, 0.5, 1 - (math.erf(math.sqrt(0.25)) - math.sqrt(1 / math.pi) * math.exp(-0.25))),
        (4, 7, math.exp(-3.5) * (1 + 3.5)),
        (6, 7, math.exp(-3.5) * (1 + 3.5 + 3.5**2 / 2)),
    ],
)
def test_the_upper_tail_is_the_chi_square_survival_function(degrees, x, closed_form):
    assert dealing.chi_square_tail(degrees, x) == pytest.approx(closed_form, rel=1e-9)
    assert dealing.chi_square_tail(degrees, 0) == 1.0


@pytest.mark.parametrize(("degrees", "x"), [(5, 0.5), (5, 4), (7, 3), (8, 6)])
def test_the_upper_tail_matches_the_density_integrated(degrees, x):
    """1 - the chi-square density integrated from 0 to x (midpoint rule, 100,000 steps)."""
    steps = 100_000
    width = x / steps
    scale = 2 ** (degrees / 2) * math.gamma(degrees / 2)
    below = sum(
        ((i + 0.5) * width) ** (degrees / 2 - 1) * math.exp(-(i + 0.5) * width / 2) for i in range(steps)
    )
    assert dealing.chi_square_tail(degrees, x) == pytest.approx(1 - below * width / scale, rel=1e-8)


def test_beyond_chance_is_strictly_below_the_stated_rate():
    assert dealing.beyond_chance(dealing.ALPHA * 0.999)
    assert not dealing.beyond_chance(dealing.ALPHA)


def test_perfect_turns_and_a_lopsided_spread_are_each_far_from_chance():
    assert dealing.even_p([500] * 4) < dealing.ALPHA
    assert dealing.even_p([503, 497, 500, 500]) >= dealing.ALPHA  # three off either way: chance does that
    assert dealing.uneven_p([19, 26, 14, 41]) > dealing.ALPHA / 2  # the 100-request run that looked uneven
    assert dealing.uneven_p([95, 130, 70, 205]) < dealing.ALPHA  # the same shares, five times the requests


def test_a_fair_random_dealer_gets_either_verdict_at_most_once_in_a_thousand():
    """2,000 deals of 2,000 requests to 4 workers: at the stated rate, 2 false verdicts of each
    kind are expected; 10 or more of either kind would happen less than once in 10,000 such tests
    (Poisson(2) upper tail, 4.7e-5 each)."""
    chance = random.Random(20261204)
    uneven = even = 0
    for _ in range(2000):
        counts = [0] * 4
        for worker in chance.choices(range(4), k=2000):
            counts[worker] += 1
        uneven += dealing.uneven_p(counts) < dealing.ALPHA
        even += dealing.even_p(counts) < dealing.ALPHA
    assert uneven <= 9 and even <= 9
