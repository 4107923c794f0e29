"""Where the engine is, by the docker CLI's rules: DOCKER_HOST, then DOCKER_CONTEXT, then the
config's current context, then the default socket. Contexts are read from the CLI's own store."""

import hashlib
import json

import pytest

from sandbox.containers.endpoint import DEFAULT_SOCKET, endpoint
from sandbox.errors import EngineUnavailable


def _context(config, name, host, tls=False):
    key = hashlib.sha256(name.encode()).hexdigest()
    meta = config / "contexts" / "meta" / key
    meta.mkdir(parents=True)
    docker = {"Host": host, "SkipTLSVerify": False}
    meta.joinpath("meta.json").write_text(
        json.dumps({"Name": name, "Metadata": {}, "Endpoints": {"docker": docker}})
    )
    if tls:
        material = config / "contexts" / "tls" / key / "docker"
        material.mkdir(parents=True)
        for pem in ("ca.pem", "cert.pem", "key.pem"):
            material.joinpath(pem).write_text("-----BEGIN CERTIFICATE-----\n")


def test_default_socket_when_nothing_is_set(tmp_path):
    where = endpoint({"DOCKER_CONFIG": str(tmp_path)})
    assert (where.host, where.source) == (DEFAULT_SOCKET, "the default socket")


def test_docker_host_wins_over_every_context(tmp_path):
    _context(tmp_path, "class", "ssh://teacher@lab")
    (tmp_path / "config.json").write_text(json.dumps({"currentContext": "class"}))
    env = {"DOCKER_CONFIG": str(tmp_path), "DOCKER_HOST": "tcp://docker:2375", "DOCKER_CONTEXT": "class"}
    assert endpoint(env).host == "tcp://docker:2375"
    assert endpoint(env).source == "DOCKER_HOST"


def test_docker_context_then_the_current_context(tmp_path):
    _context(tmp_path, "class", "ssh://teacher@lab")
    _context(tmp_path, "ci", "tcp://docker:2376", tls=True)
    (tmp_path / "config.json").write_text(json.dumps({"currentContext": "class"}))
    by_variable = endpoint({"DOCKER_CONFIG": str(tmp_path), "DOCKER_CONTEXT": "ci"})
    assert by_variable.host == "tcp://docker:2376" and by_variable.tls is not None
    assert by_variable.source == "context 'ci' (DOCKER_CONTEXT)"
    current = endpoint({"DOCKER_CONFIG": str(tmp_path)})
    assert (current.host, current.tls) == ("ssh://teacher@lab", None)
    assert "current context" in current.source


def test_the_default_context_is_the_default_socket(tmp_path):
    assert endpoint({"DOCKER_CONFIG": str(tmp_path), "DOCKER_CONTEXT": "default"}).host == DEFAULT_SOCKET


def test_an_unknown_context_is_an_engine_error_with_its_fix(tmp_path):
    with pytest.raises(EngineUnavailable, match="docker context 'gone'") as failure:
        endpoint({"DOCKER_CONFIG": str(tmp_path), "DOCKER_CONTEXT": "gone"})
    assert "docker context ls" in failure.value.hint
