"""L1: `docker stop` on a uWSGI master. Parts: `default` (SIGTERM = brutal reload: killed after
the grace period, exit 137, request cut), `die-on-term` (exits at once, request cut), `graceful`
and `graceful-http` (the hook recipe: the request finishes with 200, then the master exits)."""

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
from sandbox.model.verdicts import Verdict

KILLED = 137  # 128 + SIGKILL: Docker killed it after the grace period
# A stop that took at least this share of the grace period waited it out; one quicker did not.
# (Alone, --die-on-term stops in 1.1 s of 4; with verify's other scenarios beside it, up to 1.8.)
RAN_OUT = 0.8
RELOAD = "...brutally killing workers..."
DIE = "SIGINT/SIGTERM received...killing workers..."
GRACEFUL = "graceful shutdown triggered..."


def _check(variant: VariantObservation) -> tuple[Verdict, Fact, list[Fact]]:
    stopped, requests = variant.stopped, batch(variant, "in flight")
    if stopped is None or len(requests) != 1 or not lines(variant, " called "):
        return (
            CANNOT_TELL,
            Fact("no stop with a request in flight was observed"),
            batch_facts(variant, "in flight"),
        )
    record = requests[0][1]
    outcome = "answered 200" if record.served else f"cut ({record.error or record.status})"
    took = Fact("stopped after {:.1f} s of a {:g} s grace period, exit code {}; the request in flight was {}",
                stopped.seconds, stopped.grace, stopped.exit_code, outcome)  # fmt: skip
    signature = {"default": RELOAD, "die-on-term": DIE}.get(variant.part, GRACEFUL)
    evidence = [
        Fact("{}: {}", variant.label, took),
        said(variant, signature),
        *batch_facts(variant, "in flight"),
    ]
    if variant.part == "default":
        ok = stopped.seconds >= RAN_OUT * stopped.grace and stopped.exit_code == KILLED and not record.served
    elif variant.part == "die-on-term":
        ok = stopped.seconds < RAN_OUT * stopped.grace and stopped.exit_code == 0 and not record.served
    else:
        ok = record.served and stopped.seconds < stopped.grace and stopped.exit_code == 0
    return (HOLDS if ok and lines(variant, signature) else DIFFERS), took, evidence


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, _check)
