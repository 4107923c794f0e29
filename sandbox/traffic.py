"""Fire requests at lab containers the way the article's browser tabs did, from inside each
container's own network namespace.

A client is a sequence of paths requested one after another (a tab loading /sleep1, then its
/favicon.ico). All clients of one container run in one `docker exec` of the lab's stdlib HTTP
client (sandbox/inside/http_client.py), released there by one barrier, so they start within a
millisecond or so of each other and talk to 127.0.0.1:18000 in the container itself: the
published host port is never needed, so this works wherever the engine is. Containers of a
multi-container scenario are driven in parallel.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sandbox import inside
from sandbox.paths import APP_PORT


@dataclass
class RequestRecord:
    target: str  # which container (variant service) it went to
    client: int
    path: str
    client_start: float
    client_end: float | None = None
    status: int | None = None
    pid: int | None = None
    ppid: int | None = None
    tid: int | None = None
    server_start: float | None = None
    server_end: float | None = None
    # Why no answer came, in words: refused, reset, timed out, empty reply, not HTTP.
    error: str | None = None
    error_detail: str = ""

    @property
    def answered(self) -> bool:
        return self.status is not None

    def overlaps(self, other: RequestRecord) -> bool:
        """Did both run at the same time on the server side?"""
        if None in (self.server_start, self.server_end, other.server_start, other.server_end):
            return False
        return self.server_start < other.server_end and other.server_start < self.server_end


def start_spread(records: Sequence[RequestRecord]) -> float:
    """Seconds between the first and the last client start of requests sent together."""
    starts = [record.client_start for record in records]
    return max(starts) - min(starts) if starts else 0.0


def first_requests(records: Sequence[RequestRecord]) -> list[RequestRecord]:
    """Each client's first request: the ones that were sent together."""
    first: dict[int, RequestRecord] = {}
    for record in sorted(records, key=lambda r: r.client_start):
        first.setdefault(record.client, record)
    return list(first.values())


def _record(target: str, answer: dict) -> RequestRecord:
    return RequestRecord(
        target=target,
        client=answer["client"],
        path=answer["path"],
        client_start=answer["client_start"],
        client_end=answer["client_end"],
        status=answer["status"],
        pid=answer.get("pid"),
        ppid=answer.get("ppid"),
        tid=answer.get("tid"),
        server_start=answer.get("server_start"),
        server_end=answer.get("server_end"),
        error=answer["failure"],
        error_detail=answer["detail"],
    )


def fire_in(
    container, target: str, clients: Sequence[Sequence[str]], timeout: float, port: int = APP_PORT
) -> list[RequestRecord]:
    """Run the clients at once inside one container; records in the order the server started them."""
    spec = {"port": port, "clients": [list(paths) for paths in clients], "timeout": timeout}
    output = inside.run_script(container, "http_client.py", ["fire", json.dumps(spec)])
    records = [_record(target, answer) for answer in json.loads(output)]
    return sorted(records, key=lambda r: (r.server_start or r.client_start, r.client))


def fire(
    containers: Mapping[str, object], clients: Sequence[Sequence[str]], timeout: float
) -> list[RequestRecord]:
    """The same clients against every container (service -> container), all containers at once."""
    if not clients or not containers:
        return []
    with ThreadPoolExecutor(max_workers=len(containers)) as pool:
        batches = pool.map(lambda item: fire_in(item[1], item[0], clients, timeout), list(containers.items()))
        return [record for batch in batches for record in batch]
