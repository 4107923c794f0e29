import threading
import time

import pytest

from sandbox.analysis.readiness import Expectation, missing_evidence, never_ready
from sandbox.containers.followed_log import FollowedLog
from sandbox.containers.readiness import wait_until_ready
from sandbox.errors import StartFailed
from sandbox.model.roles import RoleKind
from tests.unit.samples import LOG_2_0_21_NO_THREADS, LOG_2_0_31_THREADS_HTTP

HTTP = frozenset({RoleKind.HTTP_ROUTER})


def test_ready_when_every_expected_line_is_there():
    assert missing_evidence(LOG_2_0_31_THREADS_HTTP, Expectation(3, HTTP)) == []


def test_missing_workers_and_router_are_named():
    missing = missing_evidence(LOG_2_0_21_NO_THREADS, Expectation(3, HTTP))
    assert missing == ["spawn lines for 3 workers (seen 2)", "the `spawned uWSGI http 1` line"]


def test_a_log_without_the_app_line_is_not_ready():
    log = LOG_2_0_31_THREADS_HTTP.replace("WSGI app 0", "WSGI application 0")
    assert missing_evidence(log, Expectation(3, HTTP)) == ["the app's `WSGI app 0 ... ready` line"]


ONE_WORKER = ["uwsgi", "--http-socket", ":18000", "--wsgi-file", "plain/main.py"]
READY = b"WSGI app 0 (mountpoint='') ready in 0 seconds\nspawned uWSGI worker 1 (and the only) (pid: 1, cores: 1)\n"


class Stream:
    """What the SDK's followed log is: an iterator of bytes, closed from any thread. These
    chunks come at once; then it ends (the container exited) or, with `then_wait`, it waits
    for more until closed."""

    def __init__(self, *chunks: bytes, then_wait: bool = False) -> None:
        self._chunks, self._then_wait = chunks, then_wait
        self.closed = threading.Event()
        self.read = 0

    def __iter__(self):
        for chunk in self._chunks:
            if self.closed.is_set():
                return
            self.read += 1
            yield chunk
        if self._then_wait:
            self.closed.wait(30)

    def close(self) -> None:
        self.closed.set()


def _wait(stream: Stream, timeout: float = 60.0) -> str:
    return wait_until_ready("x", ONE_WORKER, FollowedLog(stream), timeout)


def test_ready_at_the_chunk_that_completes_the_evidence_even_split_mid_line():
    stream = Stream(b"booting\n", READY[:20], READY[20:], b"after\n", then_wait=True)
    began = time.monotonic()
    assert _wait(stream).endswith(READY.decode())
    assert stream.read == 3 and stream.closed.is_set()  # read no further, and let go
    assert time.monotonic() - began < 5  # not at a timeout


def test_an_exited_container_fails_at_once_with_its_log():
    with pytest.raises(StartFailed) as failure:
        _wait(Stream(b"uwsgi: unrecognized option '--bogus'\n", then_wait=True))
    assert str(failure.value) == "x: this uWSGI does not know the option --bogus"
    assert "--bogus" in failure.value.hint
    with pytest.raises(StartFailed, match="exited before it was ready") as failure:
        _wait(Stream(b"Segmentation fault\n"))  # the log ended: the engine ends it at the exit
    assert "Segmentation fault" in failure.value.hint


def test_a_timeout_says_what_is_missing():
    began = time.monotonic()
    with pytest.raises(StartFailed, match=r"not ready after .*still missing the app.s") as failure:
        _wait(Stream(b"booting\n", then_wait=True), timeout=0.2)
    assert time.monotonic() - began < 20
    assert "booting" in failure.value.hint


def test_a_wait_closed_from_elsewhere_ends_at_once_and_says_so():
    stream = Stream(b"booting\n", then_wait=True)
    log = FollowedLog(stream)
    threading.Timer(0.1, log.close, ("cancelled",)).start()
    with pytest.raises(StartFailed, match="no longer waited for \\(cancelled\\)"):
        wait_until_ready("x", ONE_WORKER, log, timeout=60)
    log.close("again")
    assert log.closed_because == "cancelled"  # the first close says why


@pytest.mark.parametrize(
    ("log", "said"),
    [
        ("*** no app loaded. going in full dynamic mode ***", "could not load the app"),
        ("fork(): Resource temporarily unavailable [core/master_utils.c line 729]", "pids limit"),
    ],
)
def test_a_log_that_says_never_fails_at_once(log, said):
    assert said in never_ready(log)
    with pytest.raises(StartFailed, match=said):
        _wait(Stream(log.encode(), then_wait=True))


def test_gunicorn_is_ready_when_every_worker_booted():
    expected = Expectation(2, frozenset(), "gunicorn")
    one = "[INFO] Listening at: http://0.0.0.0:18000 (1)\n[INFO] Booting worker with pid: 7\n"
    assert missing_evidence(one, expected) == ["`Booting worker` lines for 2 workers (seen 1)"]
    assert missing_evidence(one + "[INFO] Booting worker with pid: 8\n", expected) == []


def test_the_first_look_waits_for_every_worker_at_start_to_run_its_threads():
    from sandbox.analysis.command import parse
    from sandbox.analysis.readiness import threads_expected

    # (how many processes, each with at least how many extra threads): a worker's main thread
    # serves too, so --threads 3 is 2 extra threads
    assert threads_expected(
        parse(["uwsgi", "--http-socket", ":18000", "--processes", "2", "--threads", "3"])
    ) == (2, 2)
    assert threads_expected(parse(["uwsgi", "--processes", "1", "--threads", "2"])) == (1, 1)
    assert threads_expected(parse(["uwsgi", "--processes", "2"])) == (
        0,
        0,
    )  # no --threads: nothing to wait for
    assert threads_expected(parse(["uwsgi", "--threads", "1"])) == (0, 0)
    # cheaper: only the workers started at once (gunicorn's gthread starts its threads on demand)
    assert threads_expected(parse(["uwsgi", "--cheaper", "1", "--processes", "4", "--threads", "2"]))[0] == 1
    gthread = parse(["gunicorn", "--workers", "1", "--worker-class", "gthread", "--threads", "2", "main:app"])
    assert threads_expected(gthread) == (0, 0)


def test_with_lazy_apps_every_worker_must_have_loaded_the_app():
    """Each lazy worker imports the app after its fork: its spawn line comes before that."""
    from sandbox.analysis.command import parse
    from sandbox.analysis.readiness import expectation

    lazy = expectation(
        parse(["uwsgi", "--http-socket", ":18000", "--master", "--processes", "2", "--lazy-apps"])
    )
    spawned = "spawned uWSGI worker 1 (pid: 6, cores: 1)\nspawned uWSGI worker 2 (pid: 7, cores: 1)\n"
    app = "WSGI app 0 (mountpoint='') ready in 0 seconds on interpreter 0x7f pid: {} (default app)\n"
    assert missing_evidence(spawned + app.format(6), lazy) == [
        "`WSGI app 0 ... ready` lines for 2 workers (--lazy-apps; seen 1)"
    ]
    assert missing_evidence(spawned + app.format(6) + app.format(7), lazy) == []
    older_spelling = ["uwsgi", "--http-socket", ":18000", "--master", "--processes", "2", "--lazy"]
    assert expectation(parse(older_spelling)) == lazy  # uWSGI's older --lazy does the same
    eager = expectation(parse(["uwsgi", "--http-socket", ":18000", "--master", "--processes", "2"]))
    assert missing_evidence(app.format(1) + spawned, eager) == []  # loaded once, by the master
