"""The engine is elsewhere: the controller runs in a container (socket mounted) whose 127.0.0.1
is not the engine host's, as in a CI job container, against a DinD service or a shared
classroom engine. Every request must still be served, and every verdict be the expected one.

This machine kind refuses privileged containers, so a DinD engine cannot run here: this
socket-mounted controller container is the test of "the engine is elsewhere"."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import uuid

import docker.errors
import pytest

from sandbox.containers import images
from sandbox.containers.ca_bundle import resolve_ca_bundle
from sandbox.containers.lab import LabStack
from sandbox.settings import INPUTS_LABEL
from tests.integration.controller import in_controller
from tests.integration.helpers import PROJECT, has_own_traceback, leftovers, new_session

pytestmark = pytest.mark.docker


@pytest.fixture(scope="session")
def controller_image(lab_images):
    return images.ensure_controller_image()


def test_the_controllers_loopback_is_not_the_engine_hosts(controller_image):
    """The control experiment: a published 127.0.0.1 port is out of the controller's reach."""
    with LabStack(["plain"], uwsgi_version="2.0.31", sleep=1, publish=True) as stack:
        port = stack.containers["plain"].host_port
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # reachable from the engine's host
        code = f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=5)"
        done = in_controller("-c", code, entrypoint="python3")
    assert done.returncode != 0 and "ConnectionRefusedError" in done.stderr


def test_doctor_works_from_the_controller(controller_image):
    done = in_controller("doctor")
    assert done.returncode == 0, done.stderr + done.stdout


def test_verify_from_the_controller_serves_every_request_and_writes_junit_into_the_checkout(controller_image):
    import junitparser

    session = new_session()
    report = PROJECT / "reports" / f"controller-{uuid.uuid4().hex[:6]}.xml"
    report.parent.mkdir(exist_ok=True)
    try:
        done = in_controller(
            "verify", "--uwsgi", "2.0.31", "--scenario", "default", "--sleep", "1", "--json",
            "--junit", str(report.relative_to(PROJECT)), session=session,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        (row,) = json.loads(done.stdout)["claims"]
        assert (row["id"], row["verdict"], row["expected"]) == ("C1", "holds", "holds")
        cases = [case for suite in junitparser.JUnitXml.fromfile(str(report)) for case in suite]
        assert [case.name for case in cases] == ["C1 default"] and cases[0].is_passed
    finally:
        report.unlink(missing_ok=True)
    assert leftovers(session) == []


def test_run_concurrency_from_the_controller(controller_image):
    session = new_session()
    done = in_controller("run", "concurrency", "--sleep", "1", "--json", session=session)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["claims"][0]["verdict"] == "holds"
    assert len(data["requests"]) == 4 and all(r["status"] == 200 for r in data["requests"])
    assert data["unanswered"] == []
    assert leftovers(session) == []


def test_run_threads_from_the_controller_prints_the_transcript(controller_image):
    done = in_controller("run", "threads", "--sleep", "1")
    assert done.returncode == 0, done.stderr
    assert "Verdict C4: holds" in done.stdout and "/sleep1 called" in done.stdout
    assert not has_own_traceback(done.stderr)


def test_a_sweep_cell_from_the_controller_with_its_plot(controller_image):
    session = new_session()
    plot = PROJECT / "reports" / f"controller-{uuid.uuid4().hex[:6]}.png"
    plot.parent.mkdir(exist_ok=True)
    try:
        done = in_controller(
            "sweep", "--processes", "1", "--threads", "2", "--workload", "io", "--server", "uwsgi",
            "--duration", "1", "--json", "--plot", str(plot.relative_to(PROJECT)), session=session,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        (cell,) = json.loads(done.stdout)["cells"]
        assert cell["errors"] == 0 and cell["completed"] > 10
        assert cell["peak_in_flight"] == 2  # both threads served at once
        assert plot.stat().st_size > 1000
    finally:
        plot.unlink(missing_ok=True)
    assert leftovers(session) == []


def test_build_from_the_controller_rebuilds_a_lab_image_from_the_mounted_checkout(
    controller_image, engine_client
):
    """`docker compose run --rm sandbox build`: the build context comes from /lab (the checkout)
    and the engine's layer cache makes a forced rebuild quick; the image stays current."""
    tag = images.tag_for("2.0.31")
    before = engine_client.images.get(tag).labels[INPUTS_LABEL]
    bundle = resolve_ca_bundle()  # behind a TLS-intercepting proxy (this machine kind): pip needs it
    extra = {"SANDBOX_CA_BUNDLE": str(bundle.path)} if bundle else {}
    done = in_controller("build", "--uwsgi", "2.0.31", "--force", timeout=900, **extra)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "image for uWSGI 2.0.31: built and current" in done.stderr
    assert engine_client.images.get(tag).labels[INPUTS_LABEL] == before  # built from the same inputs
    assert images.image_exists("2.0.31")


def test_down_from_the_controller(controller_image):
    done = in_controller("down")
    assert done.returncode == 0, done.stderr
    assert "removed" in done.stderr


def test_the_debootstrap_fallback_works_from_inside_the_controller(controller_image, engine_client):
    """Where no registry answers, the base image is bootstrapped from Debian's mirror: from the
    controller's container too (root there, default capabilities, no privilege)."""
    tag = f"uwsgi-sandbox-base:controller-test-{uuid.uuid4().hex[:6]}"
    code = f"from sandbox.containers import base_image; base_image.bootstrap_debian({tag!r})"
    try:
        done = in_controller("-c", code, entrypoint="python3", timeout=900)
        assert done.returncode == 0, done.stderr[-2000:]
        said = engine_client.containers.run(tag, ["cat", "/etc/debian_version"], remove=True)
        assert said.decode().startswith("12.")
    finally:
        with contextlib.suppress(docker.errors.ImageNotFound):
            engine_client.images.remove(tag, force=True)


def test_what_the_controller_writes_into_the_checkout_belongs_to_the_folders_owner(controller_image):
    """Run as root in its container, the controller still leaves a student's checkout theirs: a
    report goes to the owner of the folder it lands in, and Python's bytecode stays in the
    container."""
    folder = PROJECT / "reports" / f"student-{uuid.uuid4().hex[:6]}"
    folder.mkdir(parents=True)
    student = 10001
    os.chown(folder, student, student)
    try:
        picture = folder / "t.svg"
        done = in_controller(
            "run", "threads", "--sleep", "1", "--timeline", str(picture.relative_to(PROJECT)), "--json"
        )
        assert done.returncode == 0, done.stderr
        assert (picture.stat().st_uid, picture.stat().st_gid) == (student, student)
        prefix = in_controller("-c", "import sys; print(sys.pycache_prefix)", entrypoint="python3")
        assert prefix.stdout.strip().startswith("/tmp/"), prefix.stdout + prefix.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)
