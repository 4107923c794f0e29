"""L7: --max-requests 2 and --min-worker-lifetime. Requests go in two batches of three, at 4 s
and at 11 s after the container was ready. Parts: `default` (the default lifetime holds the
worker back at 4 s; at 11 s it is recycled: `Seeya`, a new pid), `one-second` (--min-worker-
lifetime 1: recycled within the first batch already)."""

from __future__ import annotations

from sandbox.analysis.lessons.common import CANNOT_TELL, DIFFERS, HOLDS, batch, batch_facts, by_parts, lines
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.verdicts import Verdict

DONE = "is done. Seeya!"
FIRST, SECOND = "at 4 s", "at 11 s"


def recycled(variant: VariantObservation, label: str) -> bool:
    """Did the worker change within this batch (a later request served by another pid)?"""
    pids = [record.pid for _, record in batch(variant, label)]
    return len(set(pids)) > 1


def _check(variant: VariantObservation) -> tuple[Verdict, Fact, list[Fact]]:
    first, second = batch(variant, FIRST), batch(variant, SECOND)
    evidence = [*batch_facts(variant, FIRST), *batch_facts(variant, SECOND)]
    if len(first) != 3 or len(second) != 3 or not all(r.served for _, r in first + second):
        return CANNOT_TELL, Fact("the two batches of requests were not all served"), evidence
    done = lines(variant, DONE)
    pids = Many(tuple(Proc(variant.service, pid) for pid in dict.fromkeys(r.pid for _, r in first + second)))
    summary = Fact(
        "recycled within the first batch: {}; within the second: {}; served by {}",
        "yes" if recycled(variant, FIRST) else "no", "yes" if recycled(variant, SECOND) else "no", pids,
    )  # fmt: skip
    evidence = [
        Fact("{}: {}", variant.label, summary),
        *(Fact("{}: the log says `{}`", variant.label, line) for line in done),
        *evidence,
    ]
    if variant.part == "default":
        ok = not recycled(variant, FIRST) and recycled(variant, SECOND) and bool(done)
    else:
        ok = recycled(variant, FIRST) and bool(done)
    return (HOLDS if ok else DIFFERS), summary, evidence


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, _check)
