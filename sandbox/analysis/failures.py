"""A request that got no answer is never silent: name it, say what the client saw, and, where
uWSGI's own log shows why, say why.

Each known reason is data: a log line that proves it, and the sentence that explains it. A
reason is given only when its line is in the log (and, for the uwsgi protocol, when the number
uWSGI logged is the one the request's own bytes produce); otherwise only the cause is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sandbox.analysis.uwsgi_log import quote
from sandbox.model.evidence import Fact
from sandbox.model.judged import Unanswered
from sandbox.model.observation import RequestRecord, VariantObservation

CAUSES = {
    "refused": "connection refused: nothing listens where it was sent, in the container",
    "reset": "connection reset by the server",
    "timed out": "timed out waiting for the answer",
    "empty reply": "empty reply: the server closed the connection without answering",
    "not HTTP": "the reply was not HTTP",
    "error": "the request failed",
}


def uwsgi_packet_size(request_head: bytes) -> int:
    """The size a uwsgi-protocol reader takes from these bytes: bytes 1-2, little-endian.

    A uwsgi packet starts with modifier1 (1 byte), datasize (2 bytes, little-endian) and
    modifier2; for "GET /..." that is 'E' (0x45) and 'T' (0x54): 0x5445 = 21573.
    """
    return int.from_bytes(request_head[1:3], "little")


def _uwsgi_protocol(match: re.Match, record: RequestRecord, variant: str) -> Fact | None:
    logged = int(match["size"])
    if logged != uwsgi_packet_size(f"GET {record.path}".encode()):
        return None
    return Fact(
        "this socket speaks uWSGI's own binary uwsgi protocol (--socket), not HTTP: uWSGI read bytes 1-2 of "
        "\"GET\" ('E', 'T') as a little-endian packet size, 0x5445 = {}, larger than its buffer, and dropped the "
        "connection (log: {}). Use --http-socket (HTTP in the worker) or --http (a router process in front), or "
        "a uwsgi-protocol client such as nginx's uwsgi_pass",
        logged, quote(variant, match[0]),
    )  # fmt: skip


def _harakiri(match: re.Match, record: RequestRecord, variant: str) -> Fact | None:
    return Fact(
        "uWSGI's harakiri killed the worker while requests were in flight (log: {}); every request on that "
        "worker, on any of its threads, is lost with it",
        quote(variant, match[0]),
    )


def _listen_queue(match: re.Match, record: RequestRecord, variant: str) -> Fact | None:
    return Fact(
        "the socket's listen queue was full (log: {}): the kernel held new connections back",
        quote(variant, match[0]),
    )


@dataclass(frozen=True)
class LogReason:
    causes: frozenset[str]  # which client-side causes this log line can explain
    line: re.Pattern[str]
    explain: Callable[[re.Match, RequestRecord, str], Fact | None]


REASONS = (
    LogReason(
        frozenset({"empty reply", "reset"}),
        re.compile(r"invalid request block size: (?P<size>\d+).*"),
        _uwsgi_protocol,
    ),
    LogReason(frozenset({"empty reply", "reset"}), re.compile(r"\*\*\* HARAKIRI ON WORKER .*"), _harakiri),
    LogReason(
        frozenset({"timed out"}), re.compile(r"\*\*\* uWSGI listen queue of socket .* full .*"), _listen_queue
    ),
)


def reason_for(record: RequestRecord, variant: VariantObservation) -> Fact | None:
    for known in REASONS:
        if record.error not in known.causes:
            continue
        for match in known.line.finditer(variant.log):
            reason = known.explain(match, record, variant.service)
            if reason:
                return reason
    return None


def unanswered(variant: VariantObservation) -> list[Unanswered]:
    """Every request of the variant that got no HTTP answer, with its cause and, where the log shows it, why."""
    return [
        Unanswered(
            variant.service, record, CAUSES.get(record.error, record.error), reason_for(record, variant)
        )
        for record in variant.requests
        if not record.answered
    ]
