"""The lab's HTTP client and process probe, run for real against local servers and a local
process tree (no Docker): exactly the scripts `docker exec` runs inside a lab container."""

from __future__ import annotations

import json
import socket
import struct
import subprocess
import sys
import time
from contextlib import contextmanager

import psutil
import pytest

from sandbox.analysis.requests import start_spread
from sandbox.containers import inside, probe
from sandbox.model.steps import Endpoint
from sandbox.runs import traffic
from sandbox.runs.load import load_result
from tests.unit.local import (
    LocalContainer,
    http_server,
    in_turn_argv_here,
    in_turn_here,
    raw_server,
    unused_port,
)

SLEEP = 0.4


def test_clients_fired_together_start_together_and_run_at_the_same_time():
    with http_server(sleep=SLEEP) as port:
        records = traffic.fire_in(
            LocalContainer(), "local", [["/a"], ["/b"], ["/c"]], timeout=10, endpoint=Endpoint("http", port)
        )
    assert sorted(r.path for r in records) == ["/a", "/b", "/c"]
    assert all(r.status == 200 and r.error is None for r in records)
    assert start_spread(records) < 0.05  # released by one barrier
    # The server ran them at once: every pair overlaps (a sequential client would not).
    assert all(a.overlaps(b) for a in records for b in records if a is not b)
    assert len({r.tid for r in records}) == 3
    for record in records:  # client times frame the server's own
        assert record.client_start <= record.server_start < record.server_end <= record.client_end
        assert record.server_end - record.server_start >= SLEEP * 0.9


def test_one_clients_paths_go_one_after_another():
    with http_server(sleep=0.1) as port:
        first, second = traffic.fire_in(
            LocalContainer(), "local", [["/page", "/favicon.ico"]], 10, endpoint=Endpoint("http", port)
        )
    assert (first.path, second.path) == ("/page", "/favicon.ico")
    assert second.client_start >= first.client_end


def _read_request(connection: socket.socket) -> None:
    received = b""
    while b"\r\n\r\n" not in received:
        received += connection.recv(1024)


def _close_at_once(connection: socket.socket) -> None:
    _read_request(connection)  # all of it: unread bytes would turn the close into a reset
    connection.close()


def _reset(connection: socket.socket) -> None:
    connection.recv(1024)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def _never_answer(connection: socket.socket) -> None:
    _read_request(connection)
    time.sleep(3)
    connection.close()


def _garbage(connection: socket.socket) -> None:
    _read_request(connection)
    connection.sendall(b"hello, not http\r\n\r\n")
    connection.close()


@pytest.mark.parametrize(
    ("behaviour", "cause"),
    [
        (_close_at_once, "empty reply"),
        (_reset, "reset"),
        (_never_answer, "timed out"),
        (_garbage, "not HTTP"),
    ],
)
def test_a_request_without_an_answer_says_what_the_client_saw(behaviour, cause):
    with raw_server(behaviour) as port:
        (record,) = traffic.fire_in(
            LocalContainer(), "local", [["/x"]], timeout=1, endpoint=Endpoint("http", port)
        )
    assert (record.status, record.error) == (None, cause)
    assert record.error_detail and not record.answered


def test_nothing_listening_is_refused():
    (record,) = traffic.fire_in(
        LocalContainer(), "local", [["/x"]], timeout=1, endpoint=Endpoint("http", unused_port())
    )
    assert record.error == "refused"


def test_the_load_loop_is_bounded_in_count_and_reports_every_request():
    spec = {"path": "/io", "concurrency": 4, "duration": 5, "timeout": 5, "max_requests": 3, "warmup": 0}
    with http_server(sleep=0.02) as port:
        output = subprocess.run(
            [
                sys.executable,
                "-c",
                inside.script("http_client.py"),
                "load",
                json.dumps({**spec, "port": port}),
            ],
            capture_output=True,
            check=True,
            timeout=30,
        )
    result = load_result(json.loads(output.stdout))
    assert result.completed == 12 and result.errors == 0  # 4 clients x 3, long before 5 s
    assert result.elapsed < 4
    assert len(result.served_by) >= 2 and len(result.server_spans) == 12


def test_load_rows_without_an_answer_count_as_errors():
    result = load_result(
        {"elapsed": 1.0, "rows": [[0.1, 1.0, 1.1, 7, 7, None], [0.2, None, None, None, None, "reset"]]}
    )
    assert (result.completed, result.errors, result.served_by) == (1, 1, {(7, 7)})


TREE = """
import subprocess, sys, threading, time
code = "import threading, time\\n[threading.Thread(target=time.sleep, args=(60,), daemon=True).start() for _ in range(2)]\\ntime.sleep(60)"
children = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(2)]
threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
print("ready", flush=True)
time.sleep(60)
"""


def test_the_probe_reads_the_live_tree_with_its_threads():
    parent = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline().strip() == "ready"
        live = psutil.Process(parent.pid)
        deadline = time.monotonic() + 10
        while (
            len(live.children()) < 2 or any(c.num_threads() < 3 for c in live.children())
        ) and time.monotonic() < deadline:
            time.sleep(0.05)
        raw = json.loads(
            inside.run_script(LocalContainer(), "proc_tree.py", [str(parent.pid), "10"], show=False)
        )
        snapshot = [probe.snapshot_from(entry) for entry in raw["processes"]]
        children = {c.pid for c in live.children()}
    finally:
        for process in psutil.Process(parent.pid).children():
            process.kill()
        parent.kill()
        parent.wait()
    by_pid = {p.pid: p for p in snapshot}
    assert set(by_pid) == {parent.pid, *children}
    assert {by_pid[pid].ppid for pid in children} == {parent.pid}
    assert len(by_pid[parent.pid].threads) == 1  # its own extra thread, not its main one
    assert all(len(by_pid[pid].threads) == 2 for pid in children)
    assert all(t.tid != p.pid for p in snapshot for t in p.threads)
    assert all(0 < p.uss <= p.pss for p in snapshot)  # measured, per process
    assert isinstance(raw["facts"], dict) and raw["at"] > 0


LATE_THREADS = """
import subprocess, sys, time
code = "import threading, time\\ntime.sleep(%s)\\n[threading.Thread(target=time.sleep, args=(60,), daemon=True).start() for _ in range(2)]\\ntime.sleep(60)"
children = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(2)]
print("ready", flush=True)
time.sleep(60)
"""


@contextmanager
def _late_threads_tree(delay: float = 1.5):
    """A parent whose two children start 2 threads each `delay` s after they start (a uWSGI
    worker logs its spawn line before its threads run): the tree looks settled before that."""
    script = LATE_THREADS % delay
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline().strip() == "ready"
        yield parent.pid
    finally:
        for process in psutil.Process(parent.pid).children():
            process.kill()
        parent.kill()
        parent.wait()


def _look(root: int, settle: float, threaded: tuple[int, int]):
    output = inside.run_script(
        LocalContainer(), "proc_tree.py", probe.args(settle, threaded, root), show=False
    )
    return probe.look_from(output, "start")


def test_the_probe_waits_until_the_processes_it_is_told_of_run_their_threads():
    with _late_threads_tree() as root:
        look = _look(root, 10, threaded=(2, 2))
    children = [p for p in look.processes if p.pid != root]
    assert len(children) == 2 and all(len(child.threads) == 2 for child in children)


def test_without_a_threads_expectation_the_probe_takes_the_settled_tree_as_it_is():
    with _late_threads_tree(delay=5) as root:
        look = _look(root, 10, threaded=(0, 0))
    assert len(look.processes) == 3 and all(len(p.threads) == 0 for p in look.processes)


def test_a_threads_expectation_never_met_ends_at_the_settle_bound_with_what_was_seen():
    with _late_threads_tree() as root:
        started = time.monotonic()
        look = _look(root, 3, threaded=(3, 2))  # 3 threaded processes: there are only 2
        took = time.monotonic() - started
    assert 3 <= took < 15
    assert len(look.processes) == 3


def test_a_look_and_the_requests_after_it_run_in_turn_in_one_exec_once_told_to_go():
    with _late_threads_tree() as root, http_server(sleep=0.2) as port:
        done = in_turn_here(
            [
                ("proc_tree.py", probe.args(10, (2, 2), root)),
                ("http_client.py", traffic.fire_args([["/a"], ["/b"]], 10, Endpoint("http", port))),
            ]
        )
    assert done.returncode == 0, done.stderr
    (looked, look_seconds), (answers, fire_seconds) = inside.in_turn_results(done.stdout.decode())
    look = probe.look_from(looked, "start")
    records = traffic.records(answers, "local", "requests")
    assert all(len(p.threads) == 2 for p in look.processes if p.pid != root)  # its arguments reached it
    assert sorted(r.path for r in records) == ["/a", "/b"] and all(r.status == 200 for r in records)
    assert all(look.at <= r.client_start for r in records)  # the look first, then the requests
    assert look_seconds >= 1.0  # it waited for the threads (1.5 s after the children started)
    assert fire_seconds >= 0.2


@pytest.mark.parametrize("stdin", [b"", b"stop\n"])
def test_in_turn_without_go_runs_nothing_and_ends(stdin):
    with http_server(sleep=0) as port:
        done = in_turn_here(
            [("http_client.py", traffic.fire_args([["/a"]], 10, Endpoint("http", port)))], stdin=stdin
        )
    assert (done.returncode, done.stdout) == (0, b"")


def test_in_turn_imports_what_its_scripts_import_before_go():
    """The point of priming: psutil (proc_tree's import, a C extension: its library shows in the
    process's memory map) is loaded while in_turn.py still waits for `go`."""
    jobs = [("proc_tree.py", probe.args(1)), ("http_client.py", ["fire", "[]"])]
    with subprocess.Popen(in_turn_argv_here(jobs), stdin=subprocess.PIPE, stdout=subprocess.PIPE) as primed:
        deadline, loaded = time.monotonic() + 30, False
        while not loaded and time.monotonic() < deadline and primed.poll() is None:
            with open(f"/proc/{primed.pid}/maps") as maps:
                loaded = "_psutil_linux" in maps.read()
            time.sleep(0.02)
        primed.stdin.close()  # no go: nothing runs
        assert primed.wait(30) == 0 and primed.stdout.read() == b""
    assert loaded


def test_a_script_failing_in_turn_ends_it_with_its_error():
    done = in_turn_here([("proc_tree.py", probe.args(1, root=2**22 + 12345)), ("http_client.py", [])])
    assert done.returncode == 1 and b"NoSuchProcess" in done.stderr and done.stdout == b""
