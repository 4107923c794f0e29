"""The Docker engine, through the SDK, found where the docker CLI and Compose find it.

Where the engine is, first match wins, as the docker CLI decides (so the SDK calls and the
`docker compose` calls reach the same engine):
  1. DOCKER_HOST (unix://, tcp://, ssh://; with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH for TLS);
  2. DOCKER_CONTEXT, a docker context by name;
  3. the current context of the docker config (`docker context use NAME`);
  4. the default socket.
ssh:// goes through the `ssh` command, as the docker CLI does (keys, agent, ~/.ssh/config).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import docker.errors
from docker.tls import TLSConfig

import docker
from docker import DockerClient
from sandbox.errors import EngineUnavailable

START_HINT = "start one: `sudo dockerd &` (or `make engine` on Debian as root), then retry"
DEFAULT_SOCKET = "unix:///var/run/docker.sock"
TIMEOUT = 120


@dataclass(frozen=True)
class Endpoint:
    host: str  # the engine's address, e.g. unix:///var/run/docker.sock or tcp://docker:2375
    source: str  # how it was chosen, in words
    tls: TLSConfig | None = None  # a context's TLS material; DOCKER_HOST's comes from DOCKER_CERT_PATH

    @property
    def is_local_socket(self) -> bool:
        return self.host.startswith("unix://") or self.host.startswith("npipe://")


def _config_dir(env: Mapping[str, str]) -> Path:
    return Path(env.get("DOCKER_CONFIG") or Path.home() / ".docker")


def _current_context(env: Mapping[str, str]) -> str | None:
    try:
        return json.loads((_config_dir(env) / "config.json").read_text()).get("currentContext")
    except (OSError, ValueError):
        return None


def _context(name: str, source: str, env: Mapping[str, str]) -> Endpoint:
    """A docker context, read from the CLI's own store (contexts/meta/<sha256 of the name>)."""
    key = hashlib.sha256(name.encode()).hexdigest()
    store = _config_dir(env) / "contexts"
    try:
        meta = json.loads((store / "meta" / key / "meta.json").read_text())
    except (OSError, ValueError):
        raise EngineUnavailable(
            f"docker context '{name}' (from {source}) does not exist", "list them: docker context ls"
        ) from None
    docker_endpoint = meta.get("Endpoints", {}).get("docker", {})
    tls_dir = store / "tls" / key / "docker"
    tls = None
    if (tls_dir / "ca.pem").exists() or (tls_dir / "cert.pem").exists():
        cert = (
            (str(tls_dir / "cert.pem"), str(tls_dir / "key.pem")) if (tls_dir / "cert.pem").exists() else None
        )
        ca = str(tls_dir / "ca.pem") if (tls_dir / "ca.pem").exists() else None
        tls = TLSConfig(client_cert=cert, ca_cert=ca, verify=not docker_endpoint.get("SkipTLSVerify", False))
    return Endpoint(docker_endpoint.get("Host") or DEFAULT_SOCKET, f"context '{name}' ({source})", tls)


def endpoint(env: Mapping[str, str] | None = None) -> Endpoint:
    """Where the engine is, by the docker CLI's rules (see the module's docstring)."""
    env = os.environ if env is None else env
    if env.get("DOCKER_HOST"):
        return Endpoint(env["DOCKER_HOST"], "DOCKER_HOST")
    for name, source in (
        (env.get("DOCKER_CONTEXT"), "DOCKER_CONTEXT"),
        (_current_context(env), "the docker config's current context"),
    ):
        if name and name != "default":
            return _context(name, source, env)
    return Endpoint(DEFAULT_SOCKET, "the default socket")


def _connect(where: Endpoint) -> DockerClient:
    ssh = where.host.startswith("ssh://")
    if where.source == "DOCKER_HOST" or where.host == DEFAULT_SOCKET:
        # The SDK reads DOCKER_HOST and its TLS variables (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) itself.
        return docker.from_env(timeout=TIMEOUT, use_ssh_client=ssh)
    return DockerClient(base_url=where.host, tls=where.tls or False, timeout=TIMEOUT, use_ssh_client=ssh)


@functools.cache
def client() -> DockerClient:
    where = endpoint()
    try:
        # Connecting asks the engine its API version (the SDK's version="auto"): no reply, no
        # client, so no separate ping is needed to know the engine answers.
        engine = _connect(where)
    except docker.errors.DockerException as failure:
        text = str(failure)
        if "Permission denied" in text or "PermissionError" in text:
            raise EngineUnavailable(
                f"the Docker engine at {where.host} refused this user (permission denied on its socket)",
                "add yourself to the `docker` group (then log in again) or run as root",
            ) from failure
        raise EngineUnavailable(
            f"no Docker engine is answering at {where.host} (from {where.source})",
            START_HINT
            if where.is_local_socket
            else "check that address, or unset DOCKER_HOST / DOCKER_CONTEXT",
        ) from failure
    return engine


def engine_version() -> str:
    return str(client().version().get("Version", "unknown"))
