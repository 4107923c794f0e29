"""L5: --harakiri. Parts: `threads` (two requests stuck on a worker's two threads: HARAKIRI, the
worker killed by signal 9 with both requests, respawned with a new pid that serves the next
request), `graceful` (--harakiri-graceful-timeout, 2.0.22+: a graceful signal first; a version
that does not know the option says so, and that is what this part observes).

The specific alternatives: a stuck request that survived the harakiri (answered 200); a uWSGI
that refuses --harakiri-graceful-timeout as unknown, or whose harakiri killed the worker with no
graceful attempt logged before it died."""

from __future__ import annotations

from sandbox.analysis.lessons.common import (
    batch,
    batch_facts,
    by_parts,
    lines,
    not_started,
    said,
    unknown_option,
)
from sandbox.analysis.policy import both, decide, either, need
from sandbox.analysis.shown import cut, logged, logged_at, not_logged
from sandbox.model.evidence import Fact, Proc
from sandbox.model.judged import Finding
from sandbox.model.names import L5
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import RoleKind

HARAKIRI = "HARAKIRI ON WORKER"
KILLED = "killed by signal 9"
DIED = "DAMN ! worker"
GRACEFUL_LINE = "HARAKIRI: graceful termination attempt"
GRACEFUL_OPTION = "--harakiri-graceful-timeout"


def _threads(variant: VariantObservation) -> Finding:
    stuck, after = batch(variant, L5.STUCK), batch(variant, L5.AFTER_THE_RESPAWN)
    respawns = [
        s for s in variant.spawn_lines if s.kind == RoleKind.WORKER and s.text.startswith("Respawned")
    ]
    evidence = [
        said(variant, HARAKIRI),
        said(variant, KILLED),
        *batch_facts(variant, L5.STUCK),
        *batch_facts(variant, L5.AFTER_THE_RESPAWN),
    ]
    given = (
        need(
            "the two stuck requests and the one after them",
            True if len(stuck) == 2 and len(after) == 1 else None,
        ),
    )
    if len(stuck) != 2 or len(after) != 1:
        summary = Fact("the stuck requests or the one after them are missing")
        return decide(summary, evidence, given=given, holds=(), differs=())
    lost = [record for _, record in stuck if not record.served]
    new = respawns[-1].pid if respawns else None
    next_one = after[0][1]
    summary = Fact(
        "{} of the 2 stuck requests lost with the worker; {}",
        len(lost), Fact("respawned as {}, which served the next request", Proc(variant.service, new)) if new else "no respawn",
    )  # fmt: skip
    holds = (
        need(Fact("`{}` logged", HARAKIRI), logged(variant, HARAKIRI)),
        need(Fact("`{}` logged", KILLED), logged(variant, KILLED)),
        need("both stuck requests cut with the worker", both(*(cut(record) for _, record in stuck))),
        need("the next request served by the respawned worker's new pid", True if new and next_one.served and next_one.pid == new else None),
    )  # fmt: skip
    survived = need("a stuck request answered 200: it outlived the harakiri", any(r.served for _, r in stuck))
    return decide(summary, evidence, given=given, holds=holds, differs=(survived,))


def _graceful(variant: VariantObservation) -> Finding:
    unknown = unknown_option(variant)
    if not variant.started:
        summary = Fact("this uWSGI does not know {}", unknown) if unknown else Fact("uWSGI did not start")
        evidence = [not_started(variant)]
    else:
        tried = bool(lines(variant, GRACEFUL_LINE))
        summary = Fact("a graceful signal was tried first" if tried else "no graceful attempt was logged")
        evidence = [said(variant, GRACEFUL_LINE), said(variant, HARAKIRI)]
    exited = not variant.started and variant.exit_code is not None
    refused = True if exited and unknown == GRACEFUL_OPTION else None
    # No graceful line shows something only in a log read past the worker's death.
    skipped = both(logged(variant, HARAKIRI), not_logged(variant, GRACEFUL_LINE, logged_at(variant, DIED)))
    return decide(
        summary,
        evidence,
        holds=(need(Fact("`{}` logged", GRACEFUL_LINE), True if variant.started and lines(variant, GRACEFUL_LINE) else None),),
        differs=(
            need(
                Fact("uWSGI refused {} as unknown, or killed the worker with no graceful attempt", GRACEFUL_OPTION),
                either(refused, skipped),
            ),
        ),
    )  # fmt: skip


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, {L5.THREADS: _threads, L5.GRACEFUL: _graceful})
