"""A closed-loop load generator in its own container, inside the server's network namespace.

N clients, each sending its next request as soon as the last one is answered, for a bounded
time and a bounded count, from the lab's stdlib HTTP client (sandbox/inside/http_client.py).
It runs in a container of its own (`network_mode: container:<server>`): it reaches the server
on 127.0.0.1:18000 wherever the engine is, and its CPU use is not charged to the server's
CPU limit. It carries the server's run labels, so a crashed run's reaper finds it too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sandbox import console, engine, inside
from sandbox.errors import ExecFailed
from sandbox.paths import APP_PORT, LAB_LABEL, RUN_LABEL, SESSION_LABEL

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


def load_result(output: dict) -> LoadResult:
    """Fold the client's per-request rows into latencies, server spans and serving threads."""
    result = LoadResult(elapsed=output["elapsed"])
    for latency, start, end, pid, tid, failure in output["rows"]:
        if failure is not None or start is None or end is None:
            result.errors += 1
            continue
        result.latencies.append(latency)
        result.server_spans.append((start, end))
        result.served_by.add((pid, tid))
    return result


def closed_loop(
    server, path: str, concurrency: int, duration: float, timeout: float = 30.0, warmup: float = 0.3
) -> LoadResult:
    """Load `server` (a running lab container) on `path`; a short warm-up on /noop comes first."""
    spec = {
        "port": APP_PORT,
        "path": path,
        "concurrency": concurrency,
        "duration": duration,
        "timeout": timeout,
        "max_requests": MAX_REQUESTS_PER_CLIENT,
        "warmup": warmup,
    }
    argv = ["python3", "-c", inside.script("http_client.py"), "load", json.dumps(spec)]
    labels = {
        key: value for key, value in server.labels.items() if key in (LAB_LABEL, RUN_LABEL, SESSION_LABEL)
    }
    console.show_command(
        [
            "docker",
            "run",
            "--rm",
            "--network",
            f"container:{server.name}",
            server.image.tags[0],
            *argv[:2],
            "<sandbox/inside/http_client.py>",
            *argv[3:],
        ]
    )
    client = engine.client().containers.run(
        server.image.id,
        argv,
        detach=True,
        name=f"{server.name}-load",
        network_mode=f"container:{server.id}",
        labels=labels,
        # The same lock-down as every lab container (compose.yaml's x-lab).
        user="10001:10001",
        cap_drop=["ALL"],
        security_opt=["no-new-privileges:true"],
        read_only=True,
        tmpfs={"/tmp": ""},
        mem_limit="256m",
        pids_limit=128,
    )
    try:
        status = client.wait(timeout=warmup + duration + timeout + 30)
        output = client.logs(stdout=True, stderr=False).decode()
        if status.get("StatusCode") != 0:
            said = client.logs(stdout=False, stderr=True).decode(errors="replace").strip()[-300:]
            raise ExecFailed(f"the load generator beside {server.name} failed: {said}")
    finally:
        client.remove(force=True)
    return load_result(json.loads(output))
