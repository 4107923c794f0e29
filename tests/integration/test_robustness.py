"""A classroom and CI need a boring lab: every exit path cleans up, two runs never collide,
and every bad input is one clear line, its own exit code, and nothing left running."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from sandbox.containers import engine
from tests.integration.helpers import PROJECT, has_own_traceback, leftovers, new_session, sandbox, sandbox_env

pytestmark = pytest.mark.docker


def _wait_for_running_container(session: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    label = f"io.uwsgi-sandbox.session={session}"
    while time.monotonic() < deadline:
        if engine.client().containers.list(filters={"label": label, "status": "running"}):
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.1)
    pytest.fail("the run never started a container")


RETURNS_WITHIN = 2.0  # seconds from Ctrl-C to the prompt, cleanup included (issue 29)


@pytest.mark.parametrize(
    ("command", "signals", "code"),
    [
        (("run", "concurrency"), (signal.SIGINT,), 130),
        (("run", "concurrency"), (signal.SIGTERM,), 143),
        (("run", "concurrency"), (signal.SIGINT, signal.SIGINT), 130),
        (("verify", "--set", "article", "--jobs", "2"), (signal.SIGINT,), 130),
    ],
    ids=["ctrl-c", "sigterm", "double-ctrl-c", "verify-ctrl-c"],
)
def test_a_signal_mid_scenario_removes_everything_at_once(lab_images, command, signals, code):
    session = new_session()
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "-q", *command, "--sleep", "20"],
        env=sandbox_env(session),
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_running_container(session, process)
    time.sleep(1.5)  # into the scenario: probing or requests in flight (each sleeping 20 s)
    interrupted = time.monotonic()
    for signum in signals:
        process.send_signal(signum)
        time.sleep(0.2)
    _, stderr = process.communicate(timeout=60)
    returned_after = time.monotonic() - interrupted
    assert process.returncode == code, stderr
    assert "removing every container this command started" in stderr, stderr
    assert "interrupted by" in stderr and not has_own_traceback(stderr)
    assert returned_after <= RETURNS_WITHIN, f"returned {returned_after:.1f} s after the signal"
    assert leftovers(session) == []


def test_two_runs_at_the_same_time_both_succeed(lab_images):
    session = new_session()
    with ThreadPoolExecutor(2) as pool:
        done = list(
            pool.map(
                lambda _: sandbox("run", "concurrency", "--sleep", "2", "--json", session=session), range(2)
            )
        )
    assert [d.returncode for d in done] == [0, 0], [d.stderr for d in done]
    assert leftovers(session) == []


def _fake_compose_v1(tmp_path) -> str:
    fake = tmp_path / "docker-compose"
    fake.write_text('#!/bin/sh\necho "docker-compose version 1.29.2, build 5becea4c"\n')
    fake.chmod(0o755)
    return str(fake)


BAD_INPUTS = [
    # (id, args, extra env, exit code, text in stderr)
    (
        "app-crashes-at-import",
        ("try", "--sleep", "1", "--", "--wsgi-file", "/srv/apps/crash/main.py"),
        {},
        6,
        "crashes at import on purpose",
    ),
    (
        "uwsgi-refuses-an-option",
        ("try", "--sleep", "1", "--", "--no-such-option"),
        {},
        6,
        "unrecognized option '--no-such-option'",
    ),
    ("fork-bomb", ("try", "--sleep", "1", "--", "--processes", "400"), {}, 6, "pids limit"),
    (
        "readiness-timeout",
        ("try", "--sleep", "1", "--", "--wsgi-file", "/srv/apps/hang/main.py"),
        {"SANDBOX_READY_TIMEOUT": "4"},
        6,
        "not ready after 4 s",
    ),
    (
        "no-engine",
        ("run", "threads", "--sleep", "1"),
        {"DOCKER_HOST": "unix:///nonexistent/docker.sock"},
        3,
        "no Docker engine is answering",
    ),
    ("missing-ca-file", ("build", "--ca-bundle", "/nonexistent/ca.pem"), {}, 7, "cannot be read"),
    # checked against the package index before any build: one line, nothing built
    (
        "unreleased-version",
        ("run", "threads", "--uwsgi", "9.9.9"),
        {},
        8,
        "9.9.9 is not a release on the package index",
    ),
]


@pytest.mark.parametrize(
    ("args", "env", "code", "text"), [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS]
)
def test_bad_input_is_one_line_an_exit_code_and_nothing_left(lab_images, args, env, code, text):
    session = new_session()
    done = sandbox(*args, session=session, **env)
    assert done.returncode == code, done.stderr
    assert text in done.stderr
    assert done.stderr.lstrip().startswith("error:")
    assert not has_own_traceback(done.stderr)
    assert leftovers(session) == []


def test_compose_v1_only_is_refused(lab_images, tmp_path):
    done = sandbox("run", "threads", "--sleep", "1", SANDBOX_COMPOSE=_fake_compose_v1(tmp_path))
    assert done.returncode == 4
    assert "Compose v1 is not supported" in done.stderr and not has_own_traceback(done.stderr)


def test_kept_containers_are_locked_down_and_sandbox_down_removes_them(lab_images):
    session = new_session()
    done = sandbox("run", "processes", "--sleep", "1", "--keep", session=session)
    assert done.returncode == 0, done.stderr
    assert "kept running" in done.stderr and "down" in done.stderr
    (container,) = engine.client().containers.list(filters={"label": f"io.uwsgi-sandbox.session={session}"})
    config, host = container.attrs["Config"], container.attrs["HostConfig"]
    assert config["User"] == "10001:10001"
    assert host["CapDrop"] == ["ALL"] and not host["Privileged"]
    assert host["ReadonlyRootfs"] is True
    assert host["Memory"] > 0 and host["NanoCpus"] > 0 and host["PidsLimit"] > 0
    assert all(b["HostIp"] == "127.0.0.1" for b in container.ports["18000/tcp"])
    removed = sandbox("down", session=session)
    assert removed.returncode == 0, removed.stderr
    assert leftovers(session) == []


def test_the_first_container_to_fail_ends_the_wait_for_the_others(lab_images):
    """A container that will never be ready must not hold up the report of one that failed."""
    from sandbox.containers.lab import LabStack
    from sandbox.errors import StartFailed

    commands = {
        "plain": [
            "uwsgi",
            "--http-socket",
            ":18000",
            "--wsgi-file",
            "/srv/apps/hang/main.py",
        ],  # never ready: the app sleeps at import
        "django": ["uwsgi", "--http-socket", ":18000", "--module", "no_such_module"],
    }
    started = time.monotonic()
    stack = LabStack(
        ["plain", "django"], uwsgi_version="2.0.31", sleep=1, commands=commands, ready_timeout=60
    )
    with pytest.raises(StartFailed, match="django: uWSGI started but could not load the app"), stack:
        pass
    assert time.monotonic() - started < 20  # well before the 60 s readiness timeout
