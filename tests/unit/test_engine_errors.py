"""How the lab words an engine it cannot use. A root test run cannot be refused by a socket's
permissions (root bypasses them), so the SDK's own error is replayed here, verbatim as it
came from a real run as an unprivileged user against a root-owned docker.sock."""

import docker.errors
import pytest

import docker
from sandbox import cli
from sandbox.containers import engine
from sandbox.errors import EngineUnavailable

DENIED = (
    "Error while fetching server API version: ('Connection aborted.', "
    "PermissionError(13, 'Permission denied'))"
)
ABSENT = (
    "Error while fetching server API version: ('Connection aborted.', FileNotFoundError(2, 'No such file'))"
)


@pytest.fixture
def failing_engine(monkeypatch):
    def install(message: str) -> None:
        def refuse(**_):
            raise docker.errors.DockerException(message)

        monkeypatch.setattr(docker, "from_env", refuse)
        # and no engine on the socket either: a run asks it to start its containers before the SDK
        monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
        engine.client.cache_clear()

    yield install
    engine.client.cache_clear()


def test_permission_denied_is_named_with_its_fix(failing_engine):
    failing_engine(DENIED)
    with pytest.raises(EngineUnavailable) as failure:
        engine.client()
    assert "permission denied" in str(failure.value)
    assert "docker` group" in failure.value.hint


def test_no_engine_is_named_with_its_fix(failing_engine):
    failing_engine(ABSENT)
    with pytest.raises(EngineUnavailable, match="no Docker engine is answering"):
        engine.client()


def test_the_cli_turns_it_into_one_line_and_exit_3(failing_engine, monkeypatch, capsys):
    failing_engine(DENIED)
    monkeypatch.setattr("sys.argv", ["sandbox", "-q", "run", "threads", "--sleep", "1"])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 3
    err = capsys.readouterr().err
    assert (
        err.startswith("error: the Docker engine at ")
        and "refused this user (permission denied on its socket)" in err
    )
    assert "Traceback" not in err
