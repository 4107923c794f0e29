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
    "counts", [[5, 5, 5, 5], [6, 4, 5, 5], [3, 7, 5, 5], [10, 2, 4, 4], [7, 7, 6], [9, 3], [4, 4, 4, 8]]
)
def test_the_lower_tail_is_the_exact_multinomial_sum(counts):
    assert dealing.even_p(counts, stop_at=2) == pytest.approx(brute_even_p(counts), rel=1e-9)


def test_the_lower_tail_stops_once_it_reaches_the_level_asked():
    assert dealing.even_p([10, 2, 4, 4], stop_at=0.01) >= 0.01
    assert dealing.even_p([10, 2, 4, 4], stop_at=0.01) < brute_even_p([10, 2, 4, 4])


@pytest.mark.parametrize(
    ("degrees", "x", "closed_form"),
    [
        (1, 0.5, math.erfc(math.sqrt(0.25))),
        (1, 20, math.erfc(math.sqrt(10))),
        (2, 3, math.exp(-1.5)),
        (2, 40, math.exp(-20)),
        (3, 16.56, 1 - (math.erf(math.sqrt(8.28)) - math.sqrt(2 * 16.56 / math.pi) * math.exp(-8.28))),
        (3, 0.5, 1 - (math.erf(math.sqrt(0.25)) - math.sqrt(1 / math.pi) * math.exp(-0.25))),
    ],
)
def test_the_upper_tail_is_the_chi_square_survival_function(degrees, x, closed_form):
    assert dealing.upper_gamma(degrees, x) == pytest.approx(closed_form, rel=1e-9)
    assert dealing.upper_gamma(degrees, 0) == 1.0


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
