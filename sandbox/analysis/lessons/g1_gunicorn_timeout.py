"""G1: gunicorn --timeout 2 and a 5 s request. Parts: `sync` (the arbiter logs `WORKER TIMEOUT`,
the request fails, a new worker boots with another pid), `gthread` (the request is answered;
no timeout)."""

from __future__ import annotations

from sandbox.analysis.lessons.common import (
    CANNOT_TELL,
    DIFFERS,
    HOLDS,
    batch,
    batch_facts,
    by_parts,
    lines,
    said,
)
from sandbox.model.evidence import Fact
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import RoleKind
from sandbox.model.verdicts import Verdict

TIMEOUT = "WORKER TIMEOUT"


def _check(variant: VariantObservation) -> tuple[Verdict, Fact, list[Fact]]:
    requests = batch(variant, "5 s request")
    if len(requests) != 1:
        return CANNOT_TELL, Fact("the request was not sent"), []
    record = requests[0][1]
    boots = [s for s in variant.spawn_lines if s.kind == RoleKind.GUNICORN_WORKER]
    timed_out = bool(lines(variant, TIMEOUT))
    outcome = "answered 200" if record.served else f"failed ({record.error or f'HTTP {record.status}'})"
    summary = Fact(
        "the request {}; worker timeout: {}; workers booted: {}",
        outcome,
        "yes" if timed_out else "no",
        len(boots),
    )
    evidence = [
        Fact("{}: {}", variant.label, summary),
        said(variant, TIMEOUT),
        *batch_facts(variant, "5 s request"),
    ]
    if variant.part == "sync":
        ok = timed_out and not record.served and len({boot.pid for boot in boots}) >= 2
    else:
        ok = record.served and not timed_out and len(boots) == 1
    return (HOLDS if ok else DIFFERS), summary, evidence


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, _check)
