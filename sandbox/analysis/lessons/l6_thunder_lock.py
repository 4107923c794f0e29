"""L6: how light requests, sent one after another, spread over four workers. Parts: `off` (the
kernel picks who accepts: uneven), `on` (--thunder-lock: the workers take turns).

Judged against a fair random dealer (analysis.dealing; the catalog's load gives every worker
far more than the chi-square test's 5 expected requests): "uneven" needs counts a fair dealer
makes less than once in a thousand runs (X² upper tail); "take turns" needs counts more even
than a fair dealer makes them as often (the exact lower tail). Each part's alternative is the
other test passing. Both need every request of the load answered, each by a worker."""

from __future__ import annotations

from sandbox.analysis import dealing, roles
from sandbox.analysis.lessons.common import by_parts, sent
from sandbox.analysis.policy import decide, need
from sandbox.analysis.shown import tree_named
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.names import L6
from sandbox.model.observation import ScenarioObservation, VariantObservation


def _check(variant: VariantObservation, sent: int) -> Finding:
    load = variant.loads.get(L6.LOAD)
    workers = [p.pid for p in roles.workers(variant)] if tree_named(variant) else []
    counts = {pid: load.by_pid.get(pid, 0) for pid in workers} if load else {}  # served none: 0
    answered = sum(counts.values())
    given = (
        need("two workers or more, in a whole named tree", True if len(workers) >= 2 else None),
        need(Fact("all {} requests of the load answered, each by a worker", sent),
             True if load and sent and load.completed == sent and answered == sent else None),
    )  # fmt: skip
    if not all(condition.shown for condition in given):
        summary = Fact("how the requests spread over the workers is not known")
        return decide(summary, [], given=given, holds=(), differs=())
    values = list(counts.values())
    uneven_p, even_p = dealing.uneven_p(values), dealing.even_p(values)
    per_worker = Many(
        tuple(Fact("{} {}", Proc(variant.service, pid), count) for pid, count in counts.items())
    )
    summary = Fact("requests per worker {}: X² {:.1f}", per_worker, dealing.pearson(values))
    more_even = dealing.beyond_chance(even_p)  # else the sum stopped early: p is at least what it shows
    chance = Fact(
        "{}: a fair random dealer gives counts this uneven with p = {:.2g}, this even with p {} {:.2g}",
        variant.label, uneven_p, "=" if more_even else ">=", even_p,
    )  # fmt: skip
    uneven = need(
        Fact("more uneven than a fair random dealer (p < {:g})", dealing.ALPHA),
        dealing.beyond_chance(uneven_p),
    )
    turns = need(Fact("more even than a fair random dealer (p < {:g})", dealing.ALPHA), more_even)
    holds, differs = ((uneven,), (turns,)) if variant.part == L6.OFF else ((turns,), (uneven,))
    return decide(
        summary, [Fact("{}: {}", variant.label, summary), chance], given=given, holds=holds, differs=differs
    )


def judge(run: ScenarioObservation) -> Finding:
    total = sent(run, L6.LOAD)
    return by_parts(run, dict.fromkeys(L6.READS.parts, lambda variant: _check(variant, total)))
