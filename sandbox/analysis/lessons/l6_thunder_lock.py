"""L6: how light requests, sent one after another, spread over four workers. Parts: `off` (the
kernel picks who accepts: uneven), `on` (--thunder-lock: the workers take turns). The spread is
the coefficient of variation of the per-worker counts (0 = perfectly even); wide bounds, so a
loaded 2-core machine gives the same verdict."""

from __future__ import annotations

import statistics

from sandbox.analysis import roles
from sandbox.analysis.lessons.common import CANNOT_TELL, DIFFERS, HOLDS, by_parts
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.verdicts import Verdict

# Without the lock, the counts spread at least this much (observed on this machine kind: 0.27-0.78;
# for scale, 100 requests dealt to 4 workers at random spread 0.16 on average)...
UNEVEN = 0.2
EVEN = 0.15  # ...with it, at most this much
ENOUGH = 90  # requests answered by the workers (of the 100 the load sends) needed to judge the spread at all


def spread(counts: list[int]) -> float:
    """Coefficient of variation of the counts (population standard deviation over the mean); the
    counts sum to at least ENOUGH, so the mean is never 0."""
    return statistics.pstdev(counts) / statistics.fmean(counts)


def _check(variant: VariantObservation) -> tuple[Verdict, Fact, list[Fact]]:
    load = variant.loads.get("load")
    workers = [p.pid for p in roles.workers(variant)]
    counts = {pid: load.by_pid.get(pid, 0) for pid in workers} if load else {}  # served none: 0
    if len(workers) < 2 or sum(counts.values()) < ENOUGH:
        return CANNOT_TELL, Fact("too few requests were answered by the workers to tell how they spread"), []
    value = spread(list(counts.values()))
    per_worker = Many(
        tuple(Fact("{} {}", Proc(variant.service, pid), count) for pid, count in counts.items())
    )
    summary = Fact("requests per worker {}: spread {:.2f}", per_worker, value)
    ok = value >= UNEVEN if variant.part == "off" else value <= EVEN
    return (HOLDS if ok else DIFFERS), summary, [Fact("{}: {}", variant.label, summary)]


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, _check)
