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

from sandbox.traffic import RequestRecord

CAUSES = {
    "refused": "connection refused: nothing listens on 127.0.0.1:18000 in the container",
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


def _uwsgi_protocol(match: re.Match, record: RequestRecord) -> str | None:
    logged = int(match["size"])
    if logged != uwsgi_packet_size(f"GET {record.path}".encode()):
        return None
    return (
        f"this socket speaks uWSGI's own binary uwsgi protocol (--socket), not HTTP: uWSGI read bytes "
        f"1-2 of \"GET\" ('E', 'T') as a little-endian packet size, 0x5445 = {logged}, larger than its "
        f"buffer, and dropped the connection (log: `{match[0].strip()}`). Use --http-socket (HTTP in the "
        f"worker) or --http (a router process in front), or a uwsgi-protocol client such as nginx's uwsgi_pass"
    )


def _harakiri(match: re.Match, record: RequestRecord) -> str | None:
    return (
        f"uWSGI's harakiri killed the worker while requests were in flight (log: `{match[0].strip()}`); "
        "every request on that worker, on any of its threads, is lost with it"
    )


def _listen_queue(match: re.Match, record: RequestRecord) -> str | None:
    return f"the socket's listen queue was full (log: `{match[0].strip()}`): the kernel held new connections back"


@dataclass(frozen=True)
class LogReason:
    causes: frozenset[str]  # which client-side causes this log line can explain
    line: re.Pattern[str]
    explain: Callable[[re.Match, RequestRecord], str | None]


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


@dataclass(frozen=True)
class Unanswered:
    record: RequestRecord
    cause: str  # what the client saw, in words
    reason: str | None  # why, when uWSGI's log shows it

    def sentence(self) -> str:
        said = f"{self.record.path}: no answer ({self.cause})"
        return f"{said}; {self.reason}" if self.reason else said


def reason_for(record: RequestRecord, log: str) -> str | None:
    for known in REASONS:
        if record.error not in known.causes:
            continue
        for match in known.line.finditer(log):
            reason = known.explain(match, record)
            if reason:
                return reason
    return None


def unanswered(records: list[RequestRecord], log: str) -> list[Unanswered]:
    """Every request that got no HTTP answer, with its cause and (where the log shows it) why."""
    return [
        Unanswered(
            record, CAUSES.get(record.error or "error", record.error or "no answer"), reason_for(record, log)
        )
        for record in records
        if not record.answered
    ]
