"""The floor a lab run cannot go below on this engine: the same image started plainly through the
SDK (no compose; only loopback, as a lab run has) until uWSGI is ready, one `docker exec`, and
removal. `sandbox bench` reports each scenario's overhead against it."""

from __future__ import annotations

import time
import uuid

from sandbox.containers import engine, runner
from sandbox.containers.followed_log import FollowedLog
from sandbox.containers.readiness import wait_until_ready
from sandbox.settings import LAB_LABEL, RUN_LABEL

FLOOR_COMMAND = ["uwsgi", "--http-socket", ":18000", "--wsgi-file", "plain/main.py"]


def measure_floor(tag: str) -> dict[str, float]:
    """Seconds for: start to ready, one exec, removal (one container of `tag`)."""
    client = engine.client()
    run_id = f"floor-{uuid.uuid4().hex[:8]}"
    runner.announce(["docker", "run", "-d", "--network", "none", tag, *FLOOR_COMMAND])
    started = time.perf_counter()
    container = client.containers.run(
        tag, FLOOR_COMMAND, detach=True, labels={LAB_LABEL: "true", RUN_LABEL: run_id}, user="10001:10001",
        network_mode="none",
    )  # fmt: skip
    try:
        wait_until_ready(container.name, FLOOR_COMMAND, FollowedLog.of(container))
        ready = time.perf_counter()
        runner.announce(["docker", "exec", container.name, "true"])
        container.exec_run(["true"])
        executed = time.perf_counter()
    finally:
        runner.announce(["docker", "rm", "-f", container.name])
        container.remove(force=True)
    removed = time.perf_counter()
    return {"start_to_ready": ready - started, "exec": executed - ready, "remove": removed - executed}
