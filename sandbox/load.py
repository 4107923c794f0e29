"""A closed-loop load generator: N clients, each sending its next request as soon as the last
one is answered, for a bounded time and a bounded count. Only 127.0.0.1 is ever targeted."""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field

MAX_REQUESTS_PER_CLIENT = 20_000  # a hard bound, whatever the duration


@dataclass
class LoadResult:
    elapsed: float
    latencies: list[float] = field(default_factory=list)  # seconds, answered requests only
    server_spans: list[tuple[float, float]] = field(default_factory=list)
    served_by: set[tuple[int, int]] = field(default_factory=set)  # (pid, tid)
    errors: int = 0

    @property
    def completed(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        """Answered requests per second of load."""
        return self.completed / self.elapsed if self.elapsed else 0.0


def _one_request(port: int, path: str, timeout: float) -> tuple[float, tuple[float, float], tuple[int, int]]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Connection": "close"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise http.client.HTTPException(f"HTTP {response.status}")
        span = (float(response.getheader("X-Sandbox-Start")), float(response.getheader("X-Sandbox-End")))
        worker = (int(response.getheader("X-Sandbox-Pid")), int(response.getheader("X-Sandbox-Tid")))
    finally:
        connection.close()
    return time.perf_counter() - started, span, worker


def closed_loop(port: int, path: str, concurrency: int, duration: float, timeout: float = 30.0) -> LoadResult:
    lock = threading.Lock()
    result = LoadResult(elapsed=0.0)
    deadline = time.monotonic() + duration
    start_together = threading.Barrier(concurrency)

    def client() -> None:
        start_together.wait()
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                return
            try:
                latency, span, worker = _one_request(port, path, timeout)
            except (OSError, http.client.HTTPException, TypeError, ValueError):
                with lock:
                    result.errors += 1
                continue
            with lock:
                result.latencies.append(latency)
                result.server_spans.append(span)
                result.served_by.add(worker)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + timeout + 5)
    result.elapsed = time.perf_counter() - began
    return result
