"""The foundation, end to end on real Docker: the image runs the article's app, the controller
probes the tree inside the container, and the tree has the shape the options ask for."""

import time

import pytest

from sandbox.analysis.pstree import parse_pstree
from sandbox.containers import probe
from sandbox.containers.inside import PrimedInTurn
from sandbox.containers.lab import LabStack
from sandbox.errors import ExecFailed
from sandbox.runs.traffic import fire_args, fire_in, records
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


def test_a_primed_exec_runs_its_scripts_only_once_told_and_ends_when_closed(lab_images):
    """inside.PrimedInTurn, as a run uses it: started before the server is ready, run after."""
    jobs = [("proc_tree.py", probe.args(threaded=(0, 0))), ("http_client.py", fire_args([["/hello"]], 30))]
    with LabStack(["plain"], uwsgi_version="2.0.31", sleep=1, ready_on_enter=False) as stack:
        lab = stack.containers["plain"]
        primed, idle = PrimedInTurn(lab.container, jobs), PrimedInTurn(lab.container, jobs)
        failing = PrimedInTurn(lab.container, [("proc_tree.py", probe.args(root=2**22 + 1))])
        stack.wait_ready()
        (looked, _), (answers, _) = primed.run(show=False)
        with pytest.raises(ExecFailed, match="NoSuchProcess"):
            failing.run(show=False)
        idle.close()  # never told to go: its Python ends, having sent nothing
        api = lab.container.client.api
        deadline = time.monotonic() + 30
        while api.exec_inspect(idle._exec_id)["Running"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert api.exec_inspect(idle._exec_id)["Running"] is False
        assert api.exec_inspect(idle._exec_id)["ExitCode"] == 0
    assert [process.name for process in probe.look_from(looked, "start").processes] == ["uwsgi"]
    [answer] = records(answers, "plain", "requests")
    assert answer.status == 200


def test_a_primed_exec_into_a_server_that_never_starts_fails_with_a_clear_error(lab_images):
    unknown = ["uwsgi", "--http-socket", ":18000", "--no-such-option", "--wsgi-file", "./main.py"]
    with LabStack(
        ["plain"], uwsgi_version="2.0.31", sleep=1, commands={"plain": unknown}, ready_on_enter=False,
        may_exit=frozenset({"plain"}),
    ) as stack:  # fmt: skip
        lab = stack.containers["plain"]
        primed = PrimedInTurn(lab.container, [("proc_tree.py", probe.args())])
        stack.wait_ready()
        assert "does not know the option --no-such-option" in lab.start_failure
        with pytest.raises(ExecFailed, match=f"inside {lab.name}|into {lab.name}"):
            primed.run(show=False)
