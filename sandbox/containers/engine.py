"""The Docker engine, through the SDK, found where the docker CLI and Compose find it
(containers/endpoint.py). ssh:// goes through the `ssh` command, as the docker CLI does (keys,
agent, ~/.ssh/config).
"""

from __future__ import annotations

import functools

import docker.errors
from docker.tls import TLSConfig

import docker
from docker import DockerClient
from sandbox.containers.endpoint import DEFAULT_SOCKET, Endpoint, endpoint
from sandbox.errors import EngineUnavailable

START_HINT = "start one: `sudo dockerd &` (or `make engine` on Debian as root), then retry"
TIMEOUT = 120


def _connect(where: Endpoint) -> DockerClient:
    ssh = where.host.startswith("ssh://")
    if where.source == "DOCKER_HOST" or where.host == DEFAULT_SOCKET:
        # The SDK reads DOCKER_HOST and its TLS variables (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) itself.
        return docker.from_env(timeout=TIMEOUT, use_ssh_client=ssh)
    tls = (
        TLSConfig(client_cert=where.tls.cert, ca_cert=where.tls.ca, verify=where.tls.verify)
        if where.tls
        else False
    )
    return DockerClient(base_url=where.host, tls=tls, timeout=TIMEOUT, use_ssh_client=ssh)


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
