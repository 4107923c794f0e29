"""L8: one HTTP request against each kind of socket. Parts: `socket` (the uwsgi protocol: no
answer, and uWSGI's log proves why), `http-socket` (answered by the worker, no other process),
`http` (answered behind the HTTP router, a process of its own).

The specific alternatives: --socket answering HTTP; --http-socket with a router process;
--http without one. The trees are judged only whole, every process named by a spawn line."""

from __future__ import annotations

from sandbox.analysis import failures, roles
from sandbox.analysis.lessons.common import batch, batch_facts, by_parts
from sandbox.analysis.policy import decide, need
from sandbox.analysis.shown import cut, tree_named
from sandbox.model.evidence import Fact
from sandbox.model.judged import Finding
from sandbox.model.names import L8
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import RoleKind


def _check(variant: VariantObservation) -> Finding:
    requests = batch(variant, L8.ONE_REQUEST)
    given = [need("the request sent", True if len(requests) == 1 else None)]
    if len(requests) != 1:
        return decide(Fact("no request was sent"), [], given=given, holds=(), differs=())
    record = requests[0][1]
    evidence = batch_facts(variant, L8.ONE_REQUEST)
    if variant.part == L8.SOCKET:
        reason = failures.reason_for(record, variant)
        summary = (
            Fact("no answer ({}); {}", record.error, reason)
            if reason
            else Fact("no answer explained by the log" if not record.answered else "answered")
        )
        holds = (
            need("the server closed the connection without an answer", cut(record)),
            need(
                "uWSGI's log says why (the request's bytes read as a uwsgi packet)", True if reason else None
            ),
        )
        return decide(
            summary,
            evidence,
            given=given,
            holds=holds,
            differs=(need("answered over HTTP", record.answered),),
        )
    router = [p for p in variant.processes if roles.role_of(variant, p.pid).kind == RoleKind.HTTP_ROUTER]
    summary = Fact(
        "answered {}; {} process(es), HTTP router: {}",
        record.status,
        len(variant.processes),
        "yes" if router else "no",
    )
    given += [
        need("answered 200", True if record.served else None),
        need("the tree whole, each process named by a spawn line", tree_named(variant)),
    ]
    wants_router = variant.part == L8.HTTP
    alone = len(variant.processes) == 1 + wants_router
    holds = (need("an HTTP router process" if wants_router else "no HTTP router process", bool(router) == wants_router),
             need(Fact("{} process(es) in all", 1 + wants_router), alone))  # fmt: skip
    differs = (
        need(
            "no HTTP router process" if wants_router else "an HTTP router process",
            bool(router) != wants_router,
        ),
    )
    return decide(
        summary,
        [Fact("{}: {}", variant.label, summary), *evidence],
        given=given,
        holds=holds,
        differs=differs,
    )


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, dict.fromkeys(L8.READS.parts, _check))
