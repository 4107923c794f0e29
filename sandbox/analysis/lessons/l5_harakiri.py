"""L5: --harakiri. Parts: `threads` (two requests stuck on a worker's two threads: HARAKIRI, the
worker killed by signal 9 with both requests, respawned with a new pid that serves the next
request), `graceful` (--harakiri-graceful-timeout, 2.0.22+: a graceful signal first; a version
that does not know the option says so, and that is what this part observes)."""

from __future__ import annotations

from sandbox.analysis.lessons.common import (
    CANNOT_TELL,
    DIFFERS,
    HOLDS,
    batch,
    batch_facts,
    by_parts,
    lines,
    not_started,
    said,
    unknown_option,
)
from sandbox.model.evidence import Fact, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import RoleKind
from sandbox.model.verdicts import Verdict

HARAKIRI = "HARAKIRI ON WORKER"
KILLED = "killed by signal 9"
GRACEFUL = "HARAKIRI: graceful termination attempt"


def _threads(variant: VariantObservation) -> tuple[Verdict, Fact, list[Fact]]:
    stuck, after = batch(variant, "stuck"), batch(variant, "after the respawn")
    respawns = [
        s for s in variant.spawn_lines if s.kind == RoleKind.WORKER and s.text.startswith("Respawned")
    ]
    evidence = [
        said(variant, HARAKIRI),
        said(variant, KILLED),
        *batch_facts(variant, "stuck"),
        *batch_facts(variant, "after the respawn"),
    ]
    if len(stuck) != 2 or len(after) != 1:
        return CANNOT_TELL, Fact("the stuck requests or the one after them are missing"), evidence
    lost = [record for _, record in stuck if not record.served]
    new = respawns[-1].pid if respawns else None
    served_by_new = after[0][1].served and after[0][1].pid == new
    summary = Fact(
        "{} of the 2 stuck requests lost with the worker; {}",
        len(lost), Fact("respawned as {}, which served the next request", Proc(variant.service, new)) if new else "no respawn",
    )  # fmt: skip
    ok = bool(lines(variant, HARAKIRI)) and bool(lines(variant, KILLED)) and len(lost) == 2 and served_by_new
    return (HOLDS if ok else DIFFERS), summary, evidence


def _graceful(variant: VariantObservation) -> tuple[Verdict, Fact, list[Fact]]:
    if not variant.started:
        unknown = unknown_option(variant)
        summary = Fact("this uWSGI does not know {}", unknown) if unknown else Fact("uWSGI did not start")
        return (DIFFERS if unknown else CANNOT_TELL), summary, [not_started(variant)]
    tried = bool(lines(variant, GRACEFUL))
    summary = Fact("a graceful signal was tried first" if tried else "no graceful attempt was logged")
    return (HOLDS if tried else DIFFERS), summary, [said(variant, GRACEFUL), said(variant, HARAKIRI)]


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, lambda variant: (_threads if variant.part == "threads" else _graceful)(variant))
