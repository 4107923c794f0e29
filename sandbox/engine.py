"""The Docker engine, through the SDK, with errors a person can act on."""

from __future__ import annotations

import functools

import docker.errors

import docker
from docker import DockerClient
from sandbox.errors import EngineUnavailable

START_HINT = "start one: `sudo dockerd &` (or `make engine` on Debian as root), then retry"


@functools.cache
def client() -> DockerClient:
    try:
        engine = docker.from_env(timeout=120)
        engine.ping()
    except docker.errors.DockerException as failure:
        text = str(failure)
        if "Permission denied" in text or "PermissionError" in text:
            raise EngineUnavailable(
                "the Docker engine refused this user (permission denied on its socket)",
                "add yourself to the `docker` group (then log in again) or run as root",
            ) from failure
        raise EngineUnavailable("no Docker engine is answering", START_HINT) from failure
    return engine


def engine_version() -> str:
    return str(client().version().get("Version", "unknown"))
