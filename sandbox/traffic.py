"""Fire requests at lab containers the way the article's browser tabs did.

A client is a sequence of paths requested one after another (a tab loading /sleep1, then its
/favicon.ico); all clients of all containers are released by one barrier, so they start within
a few milliseconds of each other. Only 127.0.0.1 ports published by the lab are ever targeted.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import requests

_HEADER_FIELDS = {"pid": "X-Sandbox-Pid", "ppid": "X-Sandbox-Ppid", "tid": "X-Sandbox-Tid"}


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
    error: str | None = None

    def overlaps(self, other: RequestRecord) -> bool:
        """Did both run at the same time on the server side?"""
        if None in (self.server_start, self.server_end, other.server_start, other.server_end):
            return False
        return self.server_start < other.server_end and other.server_start < self.server_end


@dataclass(frozen=True)
class Client:
    target: str
    base_url: str  # http://127.0.0.1:PORT
    paths: tuple[str, ...]


def _request(target: str, client: int, base_url: str, path: str, timeout: float) -> RequestRecord:
    record = RequestRecord(target, client, path, client_start=time.time())
    try:
        response = requests.get(base_url + path, timeout=timeout, headers={"Connection": "close"})
    except requests.RequestException as failure:
        record.client_end, record.error = time.time(), type(failure).__name__
        return record
    record.client_end, record.status = time.time(), response.status_code
    for field, header in _HEADER_FIELDS.items():
        if header in response.headers:
            setattr(record, field, int(response.headers[header]))
    if "X-Sandbox-Start" in response.headers:
        record.server_start = float(response.headers["X-Sandbox-Start"])
        record.server_end = float(response.headers["X-Sandbox-End"])
    return record


def fire(clients: Sequence[Client], timeout: float) -> list[RequestRecord]:
    """Run every client at once; return all records ordered by server (else client) start."""
    if not clients:
        return []
    barrier = threading.Barrier(len(clients))
    records: list[RequestRecord] = []
    lock = threading.Lock()

    def browse(number: int, client: Client) -> None:
        barrier.wait()
        for path in client.paths:
            record = _request(client.target, number, client.base_url, path, timeout)
            with lock:
                records.append(record)

    threads = [threading.Thread(target=browse, args=(n, c), daemon=True) for n, c in enumerate(clients, 1)]
    for thread in threads:
        thread.start()
    # Each request has its own timeout, so this bound is never reached by a healthy run.
    deadline = time.monotonic() + timeout * max(len(client.paths) for client in clients) + 5
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return sorted(records, key=lambda r: (r.server_start or r.client_start, r.client))
