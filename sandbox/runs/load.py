"""A closed-loop load generator beside the server, in the server's network namespace.

N clients, each sending its next request as soon as the last one is answered, for a bounded
time and a bounded count, from the lab's stdlib HTTP client (containers/inside/http_client.py).
It runs in a container of its own (containers/beside.py): it reaches the server on
127.0.0.1:18000 wherever the engine is, and its CPU use is not charged to the server's limit.
"""

from __future__ import annotations

import json

from sandbox.containers import inside
from sandbox.containers.beside import run_beside
from sandbox.model.measures import LoadResult
from sandbox.settings import APP_PORT

MAX_REQUESTS_PER_CLIENT = 20_000  # a hard bound, whatever the duration


def load_result(output: dict) -> LoadResult:
    """Fold the client's per-request rows into latencies, server spans and serving threads."""
    cpu = output.get("cpu") or {}
    result = LoadResult(
        elapsed=output["elapsed"],
        machine_busy=cpu.get("machine_busy"),
        machine_cores=cpu.get("cores"),
    )
    for latency, start, end, pid, tid, failure in output["rows"]:
        if failure is not None or start is None or end is None:
            result.errors += 1
            continue
        result.latencies.append(latency)
        result.server_spans.append((start, end))
        result.served_by.add((pid, tid))
        result.by_pid[pid] = result.by_pid.get(pid, 0) + 1
    return result


def closed_loop(
    server, path: str, concurrency: int, duration: float, timeout: float = 30.0, warmup: float = 0.3,
    max_requests: int = MAX_REQUESTS_PER_CLIENT,
) -> LoadResult:  # fmt: skip
    """Load `server` (a running lab container) on `path`, each client at most `max_requests`
    times and for at most `duration` seconds; a short warm-up on /noop comes first."""
    spec = {
        "port": APP_PORT,
        "path": path,
        "concurrency": concurrency,
        "duration": duration,
        "timeout": timeout,
        "max_requests": min(max_requests, MAX_REQUESTS_PER_CLIENT),
        "warmup": warmup,
    }
    args = ["load", json.dumps(spec)]
    argv = ["python3", "-c", inside.script("http_client.py"), *args]
    shown = [*inside.shown_script("http_client.py"), *args]
    output = run_beside(server, argv, shown, timeout=warmup + duration + timeout + 30)
    return load_result(json.loads(output))
