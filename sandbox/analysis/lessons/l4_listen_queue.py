"""L4: the listen queue. Parts: `queue` (--listen 4, 12 clients at once: the master warns that
the queue is full, clients beyond it wait for a SYN retry, none is refused), `somaxconn` (the
default --listen 100 above this container's somaxconn of 64: uWSGI refuses to start)."""

from __future__ import annotations

from sandbox.analysis.lessons.common import (
    CANNOT_TELL,
    DIFFERS,
    HOLDS,
    batch,
    by_parts,
    lines,
    not_started,
    said,
)
from sandbox.model.evidence import Fact
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.verdicts import Verdict

FULL = "listen queue of socket"
TOO_BIG = "Listen queue size is greater than the system max net.core.somaxconn"
# s: a client that waited this long to connect had its first SYN dropped (Linux retries after 1 s)
SYN_RETRY = 0.75


def _queue(variant: VariantObservation) -> tuple[Verdict, Fact, list[Fact]]:
    requests = [record for _, record in batch(variant, "12 clients")]
    if not variant.started or not requests:
        return (
            CANNOT_TELL,
            Fact("the server did not run, or sent no requests"),
            [not_started(variant)] if not variant.started else [],
        )
    waited = [r for r in requests if r.client_connected and r.client_connected - r.client_start >= SYN_RETRY]
    refused = [r for r in requests if r.error == "refused"]
    served = [r for r in requests if r.served]
    summary = Fact(
        "{} of {} requests answered, {} refused; {} client(s) waited about a second just to connect (SYN retries)",
        len(served), len(requests), len(refused), len(waited),
    )  # fmt: skip
    evidence = [Fact("{}: {}", variant.label, summary), said(variant, FULL)]
    ok = bool(lines(variant, FULL)) and len(served) == len(requests) and not refused and bool(waited)
    return (HOLDS if ok else DIFFERS), summary, evidence


def _somaxconn(variant: VariantObservation) -> tuple[Verdict, Fact, list[Fact]]:
    refused = not variant.started and bool(lines(variant, TOO_BIG))
    summary = Fact(
        "uWSGI refused to start"
        if refused
        else "uWSGI started"
        if variant.started
        else "uWSGI exited for another reason"
    )
    evidence = [said(variant, TOO_BIG), *([not_started(variant)] if not variant.started else [])]
    return (HOLDS if refused else DIFFERS), summary, evidence


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, lambda variant: (_queue if variant.part == "queue" else _somaxconn)(variant))
