"""L4: the listen queue. Parts: `queue` (--listen 4, 12 clients at once: the master warns that
the queue is full, clients beyond it wait for a SYN retry, none is refused), `somaxconn` (the
default --listen 100 above this container's somaxconn of 64: uWSGI refuses to start).

The specific alternatives: a full queue that refuses clients; a --listen above somaxconn that
uWSGI starts with anyway (it said it was ready). A server that exited for another reason, or
a log that says nothing, shows neither."""

from __future__ import annotations

from sandbox.analysis.lessons.common import batch, by_parts, not_started, said, sent
from sandbox.analysis.policy import decide, need
from sandbox.analysis.shown import logged
from sandbox.model.evidence import Fact
from sandbox.model.judged import Finding
from sandbox.model.names import L4
from sandbox.model.observation import ScenarioObservation, VariantObservation

FULL = "listen queue of socket"
TOO_BIG = "Listen queue size is greater than the system max net.core.somaxconn"
# s: a client that waited this long to connect had its first SYN dropped (Linux retries after 1 s)
SYN_RETRY = 0.75


def _queue(variant: VariantObservation, sent: int) -> Finding:
    requests = [record for _, record in batch(variant, L4.TWELVE_CLIENTS)]
    given = (
        need("the server ready", True if variant.started and variant.ready_at else None),
        need(Fact("all {} requests recorded", sent), True if sent and len(requests) == sent else None),
    )
    waited = [r for r in requests if r.client_connected and r.client_connected - r.client_start >= SYN_RETRY]
    refused = [r for r in requests if r.error == "refused"]
    served = [r for r in requests if r.served]
    summary = Fact(
        "{} of {} requests answered, {} refused; {} client(s) waited about a second just to connect (SYN retries)",
        len(served), len(requests), len(refused), len(waited),
    )  # fmt: skip
    evidence = [Fact("{}: {}", variant.label, summary), said(variant, FULL)]
    if not variant.started:
        evidence.append(not_started(variant))
    holds = (
        need(Fact("`{}` logged", FULL), logged(variant, FULL)),
        need("every request answered", len(served) == len(requests)),
        need(Fact("a client waited {:g} s or more to connect (a SYN retry)", SYN_RETRY), bool(waited)),
    )
    return decide(
        summary, evidence, given=given, holds=holds, differs=(need("a client refused", bool(refused)),)
    )


def _somaxconn(variant: VariantObservation) -> Finding:
    ready = variant.started and variant.ready_at is not None
    refused = not variant.started and variant.exit_code is not None and bool(logged(variant, TOO_BIG))
    summary = Fact(
        "uWSGI refused to start" if refused else "uWSGI started" if ready else "uWSGI did not say it refused"
    )
    evidence = [said(variant, TOO_BIG), *([not_started(variant)] if not variant.started else [])]
    holds = (
        need(
            "uWSGI exited before it was ready",
            True if not variant.started and variant.exit_code is not None else None,
        ),
        need(Fact("`{}` logged", TOO_BIG), logged(variant, TOO_BIG)),
    )
    return decide(
        summary, evidence, holds=holds, differs=(need("uWSGI said it was ready", True if ready else None),)
    )


def judge(run: ScenarioObservation) -> Finding:
    total = sent(run, L4.TWELVE_CLIENTS)
    return by_parts(run, {L4.QUEUE: lambda variant: _queue(variant, total), L4.SOMAXCONN: _somaxconn})
