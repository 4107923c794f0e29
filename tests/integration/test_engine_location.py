"""The engine is where DOCKER_HOST or a docker context says: both the lab's SDK calls and its
`docker compose` calls go there. The engine here is reached over TCP through a recording proxy,
so the test sees which requests really went that way."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.integration.engine_proxy import EngineProxy
from tests.integration.helpers import leftovers, new_session, sandbox

pytestmark = pytest.mark.docker


@pytest.fixture
def proxy(lab_images):
    with EngineProxy().running() as running:
        yield running


def _both_paths_used(proxy: EngineProxy) -> None:
    # a run creates its containers through the SDK there, never on this machine's own socket
    assert proxy.seen("/containers/create"), "the create did not go through DOCKER_HOST / the context"
    assert proxy.seen("/exec"), "the SDK (exec of pstree and the HTTP client) did not go through it"


def test_docker_host_tcp_is_used_by_the_sdk_and_by_compose(proxy):
    session = new_session()
    done = sandbox("run", "default", "--sleep", "1", "--json", session=session, DOCKER_HOST=proxy.url)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["claims"][0]["verdict"] == "holds"
    _both_paths_used(proxy)
    assert leftovers(session) == []


def test_a_docker_context_is_used_by_the_sdk_and_by_compose(proxy, tmp_path):
    config = tmp_path / "docker-config"
    config.mkdir()
    env = {"DOCKER_CONFIG": str(config)}
    subprocess.run(
        ["docker", "context", "create", "elsewhere", "--docker", f"host={proxy.url}"],
        check=True, capture_output=True, env={"PATH": "/usr/bin:/bin:/usr/local/bin", **env},
    )  # fmt: skip
    session = new_session()
    done = sandbox("run", "processes", "--sleep", "1", session=session, DOCKER_CONTEXT="elsewhere", **env)
    assert done.returncode == 0, done.stderr
    _both_paths_used(proxy)
    assert leftovers(session) == []


def test_doctor_says_where_the_engine_is_and_proves_the_traffic_path(proxy):
    done = sandbox("doctor", DOCKER_HOST=proxy.url)
    assert done.returncode == 0, done.stderr + done.stdout
    assert f"{proxy.url} (from DOCKER_HOST)" in done.stdout
    assert "was answered by pid" in done.stdout
    assert proxy.seen("/exec")


def test_an_unknown_context_is_one_clear_line():
    done = sandbox("run", "default", DOCKER_CONTEXT="no-such-context")
    assert done.returncode == 3
    assert "docker context 'no-such-context'" in done.stderr and "Traceback" not in done.stderr
