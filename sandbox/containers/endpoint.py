"""Where the Docker engine is, found where the docker CLI and Compose find it, without the SDK
(a run reads it before the SDK is imported: containers/socket_api.py).

First match wins, as the docker CLI decides (so the SDK calls and the `docker compose` calls
reach the same engine):
  1. DOCKER_HOST (unix://, tcp://, ssh://; with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH for TLS);
  2. DOCKER_CONTEXT, a docker context by name;
  3. the current context of the docker config (`docker context use NAME`);
  4. the default socket.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sandbox.errors import EngineUnavailable

DEFAULT_SOCKET = "unix:///var/run/docker.sock"


@dataclass(frozen=True)
class TlsFiles:
    """A context's TLS material, as files (engine.py hands them to the SDK)."""

    ca: str | None
    cert: tuple[str, str] | None  # (cert.pem, key.pem)
    verify: bool


@dataclass(frozen=True)
class Endpoint:
    host: str  # the engine's address, e.g. unix:///var/run/docker.sock or tcp://docker:2375
    source: str  # how it was chosen, in words
    tls: TlsFiles | None = None  # a context's; DOCKER_HOST's comes from DOCKER_CERT_PATH

    @property
    def is_local_socket(self) -> bool:
        return self.host.startswith("unix://") or self.host.startswith("npipe://")

    @property
    def unix_socket(self) -> str | None:
        """The socket's path when the engine is on a Unix socket."""
        return self.host.removeprefix("unix://") if self.host.startswith("unix://") else None


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
        tls = TlsFiles(ca, cert, verify=not docker_endpoint.get("SkipTLSVerify", False))
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
