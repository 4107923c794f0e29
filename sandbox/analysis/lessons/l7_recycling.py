"""L7: --max-requests 2 and --min-worker-lifetime. Requests go in two batches of three, at 4 s
and at 11 s after the container was ready. Parts: `default` (the default lifetime holds the
worker back at 4 s; at 11 s it is recycled: `Seeya`, a new pid), `one-second` (--min-worker-
lifetime 1: recycled within the first batch already).

The specific alternatives: with the default lifetime, a worker recycled within the first batch
(nothing held it back); with one second, a first batch served by one pid throughout (something
held it back). Both need every request of both batches served."""

from __future__ import annotations

from sandbox.analysis.lessons.common import batch, batch_facts, by_parts, lines
from sandbox.analysis.policy import decide, need
from sandbox.analysis.shown import logged
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.names import L7
from sandbox.model.observation import ScenarioObservation, VariantObservation

DONE = "is done. Seeya!"
PER_BATCH = 3


def recycled(variant: VariantObservation, label: str) -> bool:
    """Did the worker change within this batch (a later request served by another pid)?"""
    pids = [record.pid for _, record in batch(variant, label)]
    return len(set(pids)) > 1


def _check(variant: VariantObservation) -> Finding:
    first, second = batch(variant, L7.FIRST), batch(variant, L7.SECOND)
    evidence = [*batch_facts(variant, L7.FIRST), *batch_facts(variant, L7.SECOND)]
    whole = len(first) == PER_BATCH and len(second) == PER_BATCH and all(r.served for _, r in first + second)
    given = (need("both batches of requests served", True if whole else None),)
    if not whole:
        return decide(
            Fact("the two batches of requests were not all served"),
            evidence,
            given=given,
            holds=(),
            differs=(),
        )
    pids = Many(tuple(Proc(variant.service, pid) for pid in dict.fromkeys(r.pid for _, r in first + second)))
    summary = Fact(
        "recycled within the first batch: {}; within the second: {}; served by {}",
        "yes" if recycled(variant, L7.FIRST) else "no", "yes" if recycled(variant, L7.SECOND) else "no", pids,
    )  # fmt: skip
    evidence = [
        Fact("{}: {}", variant.label, summary),
        *(Fact("{}: the log says `{}`", variant.label, line) for line in lines(variant, DONE)),
        *evidence,
    ]
    seeya = need(Fact("`{}` logged", DONE), logged(variant, DONE))
    early = need(Fact("recycled within the batch {}", L7.FIRST), recycled(variant, L7.FIRST))
    held = need(Fact("one pid throughout the batch {}", L7.FIRST), not recycled(variant, L7.FIRST))
    if variant.part == L7.DEFAULT:
        later = need(Fact("recycled within the batch {}", L7.SECOND), recycled(variant, L7.SECOND))
        return decide(summary, evidence, given=given, holds=(held, later, seeya), differs=(early,))
    return decide(summary, evidence, given=given, holds=(early, seeya), differs=(held,))


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, dict.fromkeys(L7.READS.parts, _check))
