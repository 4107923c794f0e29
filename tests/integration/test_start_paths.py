"""A run's containers start the same whichever way LabStack takes: straight on a local engine's
socket while the SDK is imported (containers/socket_api.py), or through the SDK (an engine
elsewhere, an image to check or build first, a start the socket could not do). Each way here,
on real Docker, and each leaves nothing behind."""

import docker.errors
import pytest

from sandbox.containers import cleanup, endpoint, engine, images, socket_api
from sandbox.containers.lab import LabStack
from sandbox.containers.socket_api import Created
from sandbox.errors import EngineUnavailable
from sandbox.settings import RUN_LABEL

pytestmark = pytest.mark.docker


def _left_of(run_id: str) -> list:
    cleanup.wait_for_removals()  # a run that went well is removed in the background
    return engine.client().containers.list(all=True, filters={"label": f"{RUN_LABEL}={run_id}"})


def _started_like_a_run(stack: LabStack) -> None:
    lab = stack.containers["plain"]
    lab.container.reload()
    assert lab.container.status == "running"
    assert lab.ready_at is not None
    assert lab.container.labels[RUN_LABEL] == stack.run_id
    assert lab.container.attrs["HostConfig"]["NetworkMode"] == "none"
    assert lab.command == lab.container.attrs["Config"]["Cmd"]


@pytest.fixture
def socket_starts(monkeypatch):
    """What each socket start returned."""
    results = []
    real = socket_api.start_if_current

    def recorded(*args):
        results.append(real(*args))
        return results[-1]

    monkeypatch.setattr(socket_api, "start_if_current", recorded)
    return results


def test_a_local_engine_starts_them_on_its_socket(lab_images, socket_starts):
    with LabStack(["plain"], uwsgi_version="2.0.31", sleep=1) as stack:
        _started_like_a_run(stack)
        assert socket_starts == [Created(stack.containers["plain"].container.id, started=True)]
    assert _left_of(stack.run_id) == []


def test_an_engine_elsewhere_starts_them_through_the_sdk(lab_images, socket_starts, monkeypatch):
    # A remote engine (tcp://, ssh://) has no socket here; the SDK client itself is unchanged.
    monkeypatch.setattr(
        endpoint, "endpoint", lambda: endpoint.Endpoint("tcp://engine-elsewhere:2376", "test")
    )
    checked = []
    real_ensure = images.ensure_for
    monkeypatch.setattr(images, "ensure_for", lambda *args: checked.append(args) or real_ensure(*args))
    with LabStack(["plain"], uwsgi_version="2.0.31", sleep=1) as stack:
        _started_like_a_run(stack)
    assert socket_starts == []
    assert checked == [(["plain"], "2.0.31")]  # the image checked (and built if need be) first
    assert _left_of(stack.run_id) == []


def test_an_image_not_current_is_left_to_the_sdk_which_checks_it(lab_images, socket_starts, monkeypatch):
    monkeypatch.setattr(images, "current_labels", lambda settings: {"io.uwsgi-sandbox.inputs": "not-this"})
    checked = []
    monkeypatch.setattr(images, "ensure_for", lambda *args: checked.append(args))  # the real one would build
    with LabStack(["plain"], uwsgi_version="2.0.31", sleep=1) as stack:
        _started_like_a_run(stack)
    assert socket_starts == [None]
    assert checked == [(["plain"], "2.0.31")]
    assert _left_of(stack.run_id) == []


def test_a_container_the_socket_created_but_did_not_start_is_started_through_the_sdk(lab_images, monkeypatch):
    def create_only(socket_path, name, body, current):
        status, created = socket_api.call(socket_path, "POST", f"/containers/create?name={name}", body)
        assert status == 201, created
        return Created(created["Id"], started=False)

    monkeypatch.setattr(socket_api, "start_if_current", create_only)
    with LabStack(["plain"], uwsgi_version="2.0.31", sleep=1) as stack:
        _started_like_a_run(stack)
    assert _left_of(stack.run_id) == []


def test_a_start_the_engine_refuses_is_reported_by_the_sdk_and_nothing_is_left(lab_images, socket_starts):
    stack = LabStack(["plain"], uwsgi_version="2.0.31", sleep=1, commands={"plain": ["no-such-program"]})
    with pytest.raises(docker.errors.APIError, match="no-such-program"), stack:
        pass
    assert [start.started for start in socket_starts] == [False]  # created, its start refused
    assert _left_of(stack.run_id) == []


def test_what_the_socket_started_is_removed_on_it_when_the_sdk_cannot_reach_the_engine(
    lab_images, engine_client, socket_starts, monkeypatch
):
    def refused():
        raise EngineUnavailable("the Docker engine at unix:///var/run/docker.sock refused this user")

    monkeypatch.setattr(engine, "client", refused)
    stack = LabStack(["plain"], uwsgi_version="2.0.31", sleep=1)
    with pytest.raises(EngineUnavailable, match="refused this user"), stack:
        pass
    [started] = socket_starts
    assert started.started
    with pytest.raises(docker.errors.NotFound):
        engine_client.containers.get(started.id)
