"""Run the lab's controller the way a machine with only Docker does: in its own container,
through `docker compose run --rm sandbox ...`, the engine reached through the mounted socket."""

from __future__ import annotations

import subprocess

from sandbox.containers import compose
from tests.integration.helpers import PROJECT, sandbox_env


def controller_argv(*args: str, entrypoint: str | None = None) -> list[str]:
    argv = [*compose.compose_command(), "--profile", "controller", "run", "--rm", "-T"]
    if entrypoint:
        argv += ["--entrypoint", entrypoint]
    return [*argv, "sandbox", *args]


def in_controller(
    *args: str,
    session: str | None = None,
    timeout: float = 600,
    entrypoint: str | None = None,
    **extra_env: str,
):
    """`docker compose run --rm sandbox ARGS` from the checkout; the lab's own -q when it is `sandbox`."""
    argv = controller_argv(*(args if entrypoint else ("-q", *args)), entrypoint=entrypoint)
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=sandbox_env(session, **extra_env),
        cwd=PROJECT,
    )
