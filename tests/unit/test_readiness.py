import pytest

from sandbox.errors import StartFailed
from sandbox.readiness import Expectation, expectation_from_argv, missing_evidence, wait_until_ready
from tests.unit.samples import LOG_2_0_21_NO_THREADS, LOG_2_0_31_THREADS_HTTP


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["uwsgi", "--http", ":18000"], Expectation(1, frozenset({"http"}))),
        (["uwsgi", "--http-socket", ":18000", "-p", "3"], Expectation(3, frozenset())),
        (["uwsgi", "--workers=4", "--http=:18000"], Expectation(4, frozenset({"http"}))),
        (["uwsgi", "--processes", "2", "--threads", "4"], Expectation(2, frozenset())),
        (["uwsgi", "--processes"], Expectation(1, frozenset())),
    ],
)
def test_expectation_is_read_from_the_options(argv, expected):
    assert expectation_from_argv(argv) == expected


def test_ready_when_every_expected_line_is_there():
    assert missing_evidence(LOG_2_0_31_THREADS_HTTP, Expectation(3, frozenset({"http"}))) == []


def test_missing_workers_and_router_are_named():
    missing = missing_evidence(LOG_2_0_21_NO_THREADS, Expectation(3, frozenset({"http"})))
    assert missing == ["spawn lines for 3 workers (seen 2)", "the `spawned uWSGI http 1` line"]


def test_an_exited_container_fails_at_once_with_its_log():
    with pytest.raises(StartFailed) as failure:
        wait_until_ready(
            "x", lambda: "uwsgi: unrecognized option '--bogus'\n", lambda: False, Expectation(1, frozenset())
        )
    assert "exited before it was ready" in str(failure.value)
    assert "--bogus" in failure.value.hint


def test_a_timeout_says_what_is_missing():
    with pytest.raises(StartFailed, match="not ready after"):
        wait_until_ready("x", lambda: "", lambda: True, Expectation(1, frozenset()), timeout=0.1)


def test_an_app_that_fails_to_load_is_reported():
    with pytest.raises(StartFailed, match="could not load the app"):
        wait_until_ready(
            "x",
            lambda: "*** no app loaded. going in full dynamic mode ***",
            lambda: True,
            Expectation(1, frozenset()),
        )


def test_gunicorn_is_ready_when_every_worker_booted():
    expected = expectation_from_argv(["gunicorn", "--bind", ":18000", "--workers", "2", "main:application"])
    assert expected == Expectation(2, frozenset(), "gunicorn")
    one = "[INFO] Listening at: http://0.0.0.0:18000 (1)\n[INFO] Booting worker with pid: 7\n"
    assert missing_evidence(one, expected) == ["`Booting worker` lines for 2 workers (seen 1)"]
    assert missing_evidence(one + "[INFO] Booting worker with pid: 8\n", expected) == []
