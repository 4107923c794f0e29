"""Run the real `sandbox` command in a subprocess, and find what a given session left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from sandbox.containers import engine

PROJECT = Path(__file__).resolve().parents[2]


def new_session() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


def sandbox_env(session: str | None = None, **extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    if session:
        env["SANDBOX_SESSION"] = session
    return env


def sandbox(*args: str, session: str | None = None, timeout: float = 300, **extra_env: str):
    return subprocess.run(
        [sys.executable, "-m", "sandbox", "-q", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=sandbox_env(session, **extra_env),
        cwd=PROJECT,
    )


def leftovers(session: str) -> list[str]:
    client = engine.client()
    label = f"io.uwsgi-sandbox.session={session}"
    found = [f"container {c.name}" for c in client.containers.list(all=True, filters={"label": label})]
    found += [f"network {n.name}" for n in client.networks.list(filters={"label": label})]
    found += [f"volume {v.name}" for v in client.volumes.list(filters={"label": label})]
    return found


def has_own_traceback(stderr: str) -> bool:
    """A traceback of the lab itself starts at column 0; uWSGI's quoted log lines are indented."""
    return any(line.startswith("Traceback") for line in stderr.splitlines())
