"""Requests per worker against a fair random dealer: how likely chance alone made the counts.

The null model: every request goes to one of the k workers, each with probability 1/k,
independently of the others (Multinomial(n, 1/k)). Two one-sided tests of Pearson's X²:
  - uneven: P(X² >= observed), from the chi-square distribution with k-1 degrees of freedom
    (the textbook approximation, in closed form; the judge asks for at least 5 expected
    requests per worker);
  - more even than chance: P(X² <= observed), exact, by summing the multinomial probabilities
    of every count vector at least as even (few are, when it is small).
A verdict needs p < ALPHA, so a fair random dealer gets each verdict less than once in 1/ALPHA.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence

ALPHA = 0.001  # the false-verdict rate of each test against fair random dealing
MIN_EXPECTED = 5  # requests per worker the chi-square approximation needs (the catalog's test checks it)


def beyond_chance(p: float) -> bool:
    """Would a fair random dealer make counts like these less often than the stated rate?"""
    return p < ALPHA


def pearson(counts: Sequence[int]) -> float:
    """Pearson's X² of the counts against equal shares."""
    expected = sum(counts) / len(counts)
    return sum((count - expected) ** 2 for count in counts) / expected


def uneven_p(counts: Sequence[int]) -> float:
    """P(X² >= observed) under fair random dealing (chi-square, k-1 degrees of freedom)."""
    return chi_square_tail(len(counts) - 1, pearson(counts))


def even_p(counts: Sequence[int], stop_at: float = ALPHA) -> float:
    """P(X² <= observed) under fair random dealing, exactly; once the sum reaches `stop_at` the
    answer is only known to be at least that, and the sum so far is returned.

    With n and k fixed, X² rises with the sum of the squared counts, so the sum runs over every
    count vector whose squares add up to at most the observed ones: whole numbers, compared
    exactly."""
    n, k = sum(counts), len(counts)
    bound = sum(count * count for count in counts)
    log_norm = math.lgamma(n + 1) - n * math.log(k)
    total = 0.0

    def deal(left: int, slots: int, squares: int, log_weight: float) -> bool:
        """Add every completion of a count vector; True once the total reached stop_at."""
        nonlocal total
        if slots == 1:  # the candidates before it kept only a last count within the bound
            total += math.exp(log_norm - log_weight - math.lgamma(left + 1))
            return total >= stop_at
        for count in _candidates(left, slots, squares, bound):
            if deal(left - count, slots - 1, squares + count * count, log_weight + math.lgamma(count + 1)):
                return True
        return False

    deal(n, k, 0, 0.0)
    return total


def _candidates(left: int, slots: int, squares: int, bound: int) -> Iterator[int]:
    """The counts the next worker can have and still leave a vector within `bound`, likeliest
    first: outward from an even share of what is left, alternating sides.

    The least the other slots - 1 workers can add is (left - count)² / (slots - 1), when they
    share the rest evenly, so a count fits when even that stays within the bound (multiplied
    out, in whole numbers). That is a convex function of the count, least at left / slots: the
    counts that fit are a run of whole numbers around it, and each side ends at its first miss."""

    def fits(count: int) -> bool:
        return (squares + count * count) * (slots - 1) + (left - count) ** 2 <= bound * (slots - 1)

    below = itertools.takewhile(fits, range(left // slots, -1, -1))
    above = itertools.takewhile(fits, range(left // slots + 1, left + 1))
    for pair in itertools.zip_longest(below, above):
        yield from (count for count in pair if count is not None)


def chi_square_tail(degrees: int, x: float) -> float:
    """P(X² >= x) for a chi-square with a whole number of degrees of freedom, in closed form
    (no series to cut off): with h = x/2, Q(1/2, h) = erfc(√h) and Q(1, h) = e^-h, then
    Q(a+1, h) = Q(a, h) + h^a e^-h / Γ(a+1), the regularized upper gamma's recurrence."""
    half = x / 2
    a = 0.5 if degrees % 2 else 1.0
    tail = math.erfc(math.sqrt(half)) if degrees % 2 else math.exp(-half)
    while a < degrees / 2:
        tail += half**a * math.exp(-half) / math.gamma(a + 1)
        a += 1
    return tail
