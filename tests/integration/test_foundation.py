"""The foundation, end to end on real Docker: the image runs the article's app, the controller
probes the tree inside the container, and the tree has the shape the options ask for."""

import pytest

from sandbox.analysis.pstree import parse_pstree
from sandbox.containers import probe
from sandbox.containers.lab import LabStack
from sandbox.runs.traffic import fire_in
from sandbox.runs.trial import trial_command

pytestmark = pytest.mark.docker
OPTIONS = ["--http-socket", ":18000", "--processes", "3", "--threads", "4"]


def test_three_processes_of_three_extra_threads(lab_images):
    plain = ["uwsgi", "--http-socket", ":18000", "--wsgi-file", "./main.py"]
    command = trial_command(plain, OPTIONS)
    with LabStack(["plain"], uwsgi_version="2.0.31", sleep=1, commands={"plain": command}) as stack:
        lab = stack.containers["plain"]
        assert lab.command == command
        look = probe.look(lab.container)
        [answer] = fire_in(lab.container, "plain", [["/hello"]], timeout=30)
    root = parse_pstree(look.pstree)[0]
    processes = [node for node in root.walk() if not node.is_thread]
    assert len(processes) == 3
    assert all(node.name == "uwsgi" for node in processes)
    assert [len(node.threads) for node in processes] == [3, 3, 3]
    assert sorted(len(process.tids) for process in look.processes) == [3, 3, 3]
    assert answer.status == 200
    assert answer.pid in {node.pid for node in processes}


def test_the_image_carries_its_pinned_versions(lab_images, engine_client):
    for version, tag in lab_images.items():
        labels = engine_client.images.get(tag).labels
        assert labels["io.uwsgi-sandbox.uwsgi-version"] == version
        assert labels["io.uwsgi-sandbox.django-version"]
        assert labels["io.uwsgi-sandbox.psutil-version"]


def test_the_runtime_image_has_no_compiler_and_stays_small(lab_images, engine_client):
    tag = lab_images["2.0.31"]
    assert engine_client.images.get(tag).attrs["Size"] <= 150 * 1000 * 1000  # as `docker images` counts MB
    found = engine_client.containers.run(tag, ["sh", "-c", "command -v gcc cc pip || true"], remove=True)
    assert found.strip() == b""
