"""The shortcuts that make runs quicker must not change what runs: compose's resolved config is
reused only while everything it depends on is the same, and `verify --jobs` runs scenarios
beside each other but never one marked `alone`, returning results in the usual order."""

import json
import shutil
import subprocess
import sys
import threading
import time

import pytest

from sandbox import catalog
from sandbox.containers import compose
from sandbox.model.measures import BenchResult, BenchRow
from sandbox.runs import verify


@pytest.fixture
def counted_config(tmp_path, monkeypatch):
    """compose config, counted: each call that is not answered from the cache runs compose."""
    calls = []
    monkeypatch.setattr(compose, "_CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(compose, "_CONFIGS", {})
    monkeypatch.setattr(compose, "compose_command", lambda: ("docker", "compose"))

    def run(self, *args, show=True):
        calls.append(dict(self.env))
        return json.dumps({"services": {"plain": {"image": f"lab:{self.env.get('UWSGI_VERSION')}"}}})

    monkeypatch.setattr(compose.ComposeProject, "run", run)
    return calls


def test_config_is_read_once_then_reused_from_memory_and_disk(counted_config):
    assert compose.services({"UWSGI_VERSION": "2.0.31"})["plain"]["image"] == "lab:2.0.31"
    compose.services({"UWSGI_VERSION": "2.0.31"})
    assert len(counted_config) == 1
    compose._CONFIGS.clear()  # a new process: the answer comes from disk
    assert compose.services({"UWSGI_VERSION": "2.0.31"})["plain"]["image"] == "lab:2.0.31"
    assert len(counted_config) == 1


def test_a_variable_the_file_uses_changes_the_answer_one_it_does_not_use_does_not(counted_config):
    compose.services({"UWSGI_VERSION": "2.0.31"})
    compose.services({"UWSGI_VERSION": "2.0.31", "NOT_IN_COMPOSE_YAML": "x"})
    assert len(counted_config) == 1
    assert compose.services({"UWSGI_VERSION": "2.0.21"})["plain"]["image"] == "lab:2.0.21"
    assert len(counted_config) == 2


def test_a_changed_compose_file_is_read_again(counted_config, tmp_path):
    override = tmp_path / "override.yaml"
    override.write_text("services: {}\n")
    project = compose.ComposeProject("p", {}, [override])
    project.config()
    project.config()
    assert len(counted_config) == 1
    override.write_text("services: {plain: {}}\n")
    project.config()
    assert len(counted_config) == 2


def test_a_changed_dot_env_is_read_again(counted_config, tmp_path, monkeypatch):
    compose_file = tmp_path / "compose.yaml"
    compose_file.write_text("services: {plain: {image: 'lab:${UWSGI_VERSION}'}}\n")
    monkeypatch.setattr(compose, "COMPOSE_FILE", compose_file)
    compose.services()
    (tmp_path / ".env").write_text("UWSGI_VERSION=2.0.21\n")
    compose.services()
    compose.services()
    assert len(counted_config) == 2


def test_a_caller_changing_its_copy_does_not_change_the_next_answer(counted_config):
    compose.services()["plain"]["image"] = "changed"
    assert compose.services()["plain"]["image"] == "lab:None"


@pytest.fixture
def fake_runs(monkeypatch):
    """verify with observe/judge replaced: each 'run' records when it ran, and who else did."""
    running, log, lock = set(), [], threading.Lock()
    monkeypatch.setattr(verify.images, "ensure_for", lambda services, version: None)

    def observe(scenario, version, sleep):
        with lock:
            log.append((scenario.name, version, frozenset(running)))
            running.add((scenario.name, version))
        time.sleep(0.05)
        with lock:
            running.discard((scenario.name, version))
        return (scenario.name, version)

    monkeypatch.setattr(verify, "observe", observe)
    monkeypatch.setattr("sandbox.analysis.judge.judge", lambda observed: observed)
    return log


def test_jobs_run_scenarios_together_but_never_one_marked_alone(fake_runs):
    scenarios = catalog.SCENARIOS
    runs = verify.verify(["2.0.31", "2.0.21"], scenarios, sleep=1, jobs=4)
    assert runs == [(s.name, v) for v in ("2.0.31", "2.0.21") for s in scenarios]  # the usual order
    alone = {s.name for s in scenarios if s.alone}
    assert alone  # the catalog marks the load and timing lessons
    for name, _version, others in fake_runs:
        if name in alone:
            assert others == frozenset(), (name, others)
        assert not {other for other, _ in others} & alone
    assert max(len(others) for _, _, others in fake_runs) >= 1  # some did run together


def test_one_job_runs_one_scenario_at_a_time(fake_runs):
    verify.verify(["2.0.31"], catalog.ARTICLE, sleep=1, jobs=1)
    assert all(others == frozenset() for _, _, others in fake_runs)
    assert [name for name, _, _ in fake_runs] == [s.name for s in catalog.ARTICLE]


def test_bench_ratio_is_overhead_per_container_over_the_floor():
    row = BenchRow("workers", 3, 3, wall=4.0, sleeps=1.0, overhead=3.0, overhead_per_container=1.0, phases={})
    result = BenchResult("2.0.31", 1.0, {"start_to_ready": 0.3, "exec": 0.05, "remove": 0.15}, (row,))
    assert result.floor_total == pytest.approx(0.5)
    assert result.ratio(row) == pytest.approx(2.0)


def _override(**options) -> str | None:
    from sandbox.containers.lab import LabStack

    stack = LabStack(["a", "b"], uwsgi_version="2.0.31", sleep=1, **options)
    files = stack.project.extra_files
    try:
        return files[0].read_text() if files else None
    finally:
        if stack._workdir is not None:
            shutil.rmtree(stack._workdir)


def test_only_a_publishing_run_goes_through_a_compose_override():
    # A run's own containers are created from the resolved services, overrides applied in Python.
    assert _override() is None
    assert _override(commands={"a": ["uwsgi", "-p", "2"]}, as_root=True) is None
    assert _override(publish=True) is None
    assert _override(keep=True) is None  # kept containers keep compose.yaml's port, for curl by hand
    assert _override(publish=True, commands={"a": ["uwsgi", "-p", "2"]}) == (
        'services:\n  "a": {"command": ["uwsgi", "-p", "2"]}\n'
    )


def test_a_removal_in_the_background_is_waited_for_and_its_failure_reported(monkeypatch):
    from sandbox.containers import cleanup

    removing, removed = threading.Event(), []

    def slow_removal(run_id):
        removing.wait(5)
        if run_id == "bad":
            raise RuntimeError("engine said no")
        removed.append(run_id)

    monkeypatch.setattr(cleanup, "remove_run", lambda run_id, known: slow_removal(run_id))
    cleanup.remove_soon("good")
    assert removed == []  # it returned before the removal was done
    removing.set()
    cleanup.wait_for_removals()
    assert removed == ["good"]  # ...and waiting means done
    cleanup.remove_soon("bad")
    with pytest.raises(RuntimeError, match="engine said no"):
        cleanup.wait_for_removals()
    cleanup.wait_for_removals()  # reported once, then nothing is pending


def test_a_runs_own_containers_are_removed_at_once_and_its_networks_after_every_container(monkeypatch):
    from sandbox.containers import cleanup

    events: list[str] = []
    listed = threading.Event()

    class Held:
        def __init__(self, name: str) -> None:
            self.name = self.id = name

    def remove(container_id):
        time.sleep(0.1)  # the engine waits for the process to die
        events.append(f"removed {container_id} (listing done: {listed.is_set()})")

    def other_containers(label, include_by_hand, besides):
        time.sleep(0.2)  # the engine takes a while to list: the held ones do not wait for it
        events.append(f"listed {label} besides {sorted(besides)}")
        listed.set()
        return 0

    def networks_and_volumes(label, include_by_hand):
        events.append(f"networks of {label}")
        return 0, 0

    monkeypatch.setattr(cleanup, "_remove", remove)
    monkeypatch.setattr(cleanup, "_remove_containers", other_containers)
    monkeypatch.setattr(cleanup, "_remove_networks_and_volumes", networks_and_volumes)
    cleanup.remove_run("r1", [Held("a"), Held("b")])
    assert sorted(events[:3]) == [
        "listed io.uwsgi-sandbox.run=r1 besides ['a', 'b']",  # anything else of the run is still found
        "removed a (listing done: False)",
        "removed b (listing done: False)",
    ]
    assert events[3:] == ["networks of io.uwsgi-sandbox.run=r1"]  # last: a network in use stays


def test_what_a_run_needs_before_the_engine_starts_loads_no_sdk_judging_output_or_rich():
    """The Docker SDK, judging, rendering, rich, and what a run does once its containers are up
    (readiness, looks, requests, the observation model) are imported while the engine starts
    the containers (LabStack, idle_imports): a module-level import of any of them would put it
    back before the start."""
    code = (
        "import json, sys\n"
        "import sandbox.cli, sandbox.catalog, sandbox.runs.run, sandbox.runs.verify, sandbox.runs.trial, sandbox.containers.lab\n"
        "from sandbox.output import console\n"
        "console.install(quiet=False)\n"
        "late = ('docker', 'requests', 'rich', 'sandbox.analysis.judge', 'sandbox.output.show', 'sandbox.model.judged',\n"
        "        'sandbox.runs.steps', 'sandbox.containers.readiness', 'sandbox.containers.inside',\n"
        "        'sandbox.model.observation')\n"
        "print(json.dumps(sorted(m for m in late if m in sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []
