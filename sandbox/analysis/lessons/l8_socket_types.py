"""L8: one HTTP request against each kind of socket. Parts: `socket` (the uwsgi protocol: no
answer, and uWSGI's log proves why), `http-socket` (answered by the worker, no other process),
`http` (answered behind the HTTP router, a process of its own)."""

from __future__ import annotations

from sandbox.analysis import failures, roles
from sandbox.analysis.lessons.common import CANNOT_TELL, DIFFERS, HOLDS, batch, batch_facts, by_parts
from sandbox.model.evidence import Fact
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import RoleKind
from sandbox.model.verdicts import Verdict


def _check(variant: VariantObservation) -> tuple[Verdict, Fact, list[Fact]]:
    requests = batch(variant, "one request")
    if len(requests) != 1:
        return CANNOT_TELL, Fact("no request was sent"), []
    record = requests[0][1]
    router = [p for p in variant.processes if roles.role_of(variant, p.pid).kind == RoleKind.HTTP_ROUTER]
    evidence = batch_facts(variant, "one request")
    if variant.part == "socket":
        reason = failures.reason_for(record, variant)
        summary = (
            Fact("no answer ({}); {}", record.error, reason)
            if reason
            else Fact("no answer explained by the log" if not record.answered else "answered")
        )
        return (HOLDS if not record.answered and reason else DIFFERS), summary, evidence
    summary = Fact(
        "answered {}; {} process(es), HTTP router: {}",
        record.status,
        len(variant.processes),
        "yes" if router else "no",
    )
    wants_router = variant.part == "http"
    ok = record.served and bool(router) == wants_router and len(variant.processes) == 1 + wants_router
    return (HOLDS if ok else DIFFERS), summary, [Fact("{}: {}", variant.label, summary), *evidence]


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, _check)
