"""G1: gunicorn --timeout 2 and a 5 s request. Parts: `sync` (the arbiter logs `WORKER TIMEOUT`,
the request fails, a new worker boots with another pid), `gthread` (the request is answered;
no timeout).

The specific alternatives: a sync worker that serves the request (no timeout took it); a gthread
worker timed out. "No timeout" and "one boot" are read only in a log read past the request."""

from __future__ import annotations

from sandbox.analysis.lessons.common import batch, batch_facts, by_parts, lines, said
from sandbox.analysis.policy import both, decide, need
from sandbox.analysis.shown import cut, log_reaches, logged, not_logged
from sandbox.model.evidence import Fact
from sandbox.model.judged import Finding
from sandbox.model.names import G1
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import RoleKind

TIMEOUT = "WORKER TIMEOUT"


def _check(variant: VariantObservation) -> Finding:
    requests = batch(variant, G1.FIVE_SECONDS)
    given = (need("the request sent", True if len(requests) == 1 else None),)
    if len(requests) != 1:
        return decide(Fact("the request was not sent"), [], given=given, holds=(), differs=())
    record = requests[0][1]
    boots = [s for s in variant.spawn_lines if s.kind == RoleKind.GUNICORN_WORKER]
    outcome = "answered 200" if record.served else f"failed ({record.error or f'HTTP {record.status}'})"
    summary = Fact(
        "the request {}; worker timeout: {}; workers booted: {}",
        outcome, "yes" if lines(variant, TIMEOUT) else "no", len(boots),
    )  # fmt: skip
    evidence = [
        Fact("{}: {}", variant.label, summary),
        said(variant, TIMEOUT),
        *batch_facts(variant, G1.FIVE_SECONDS),
    ]
    failed = need(
        "the request failed (not 200, or cut)",
        True if (record.answered and not record.served) or cut(record) else None,
    )
    answered = need("the request answered 200", record.served)
    timed_out = need(Fact("`{}` logged", TIMEOUT), logged(variant, TIMEOUT))
    if variant.part == G1.SYNC:
        replaced = need("a second worker booted, with another pid", len({boot.pid for boot in boots}) >= 2)
        return decide(
            summary, evidence, given=given, holds=(timed_out, failed, replaced), differs=(answered,)
        )
    ended = record.server_end  # the access log's line for the request comes after it
    holds = (
        answered,
        need(Fact("no `{}` in a log read past the request", TIMEOUT), not_logged(variant, TIMEOUT, ended)),
        need(
            "one worker booted, in a log read past the request",
            both(len(boots) == 1, log_reaches(variant, ended)),
        ),
    )
    return decide(summary, evidence, given=given, holds=holds, differs=(timed_out,))


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, dict.fromkeys(G1.READS.parts, _check))
