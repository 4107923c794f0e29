"""Statistics for `sandbox sweep`: pure functions, unit-tested."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear between closest ranks; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def peak_in_flight(spans: Sequence[tuple[float, float]]) -> int:
    """Most requests the server was running at once, from their (start, end) times."""
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])  # ends sort first
    peak = current = 0
    for _, change in events:
        current += change
        peak = max(peak, current)
    return peak


def ideal_throughput(
    workload: str, processes: int, threads: int, ms: float, cores: float, concurrency: int
) -> float:
    """Requests per second a cell could reach at best.

    I/O: every thread of every process waits in parallel: p x t x 1000/T. CPU: pure Python runs
    one thread per process at a time (the GIL), on at most `cores` cores: min(p, cores) x 1000/T.
    Neither can exceed what `concurrency` clients ask for: N x 1000/T.
    """
    per_slot = 1000 / ms
    slots = processes * threads if workload == "io" else min(processes, cores)
    return min(slots, concurrency) * per_slot
