"""What a run shows, read by the judges (analysis.shown): the edges of each reading."""

from __future__ import annotations

from sandbox.analysis import shown
from sandbox.model.observation import RequestRecord, VariantObservation
from sandbox.model.roles import Role, RoleKind

WORKER_LINE = "spawned uWSGI worker 1 (pid: 7, cores: 1)"


def _variant(log_times=(), log="") -> VariantObservation:
    return VariantObservation("plain", "uwsgi", "main", "c", ("uwsgi",), log=log, log_times=tuple(log_times))


def _record(**fields) -> RequestRecord:
    return RequestRecord("uwsgi", 0, "/", 1.0, **fields)


def test_a_spawn_line_logged_at_the_moment_itself_counts_as_before_it():
    variant = _variant([(5.0, WORKER_LINE)])
    assert shown.roles_logged_before(variant, 5.0) == {Role(RoleKind.WORKER, 1): 7}
    assert shown.roles_logged_before(variant, 4.999) == {}
    assert shown.roles_logged_before(variant, None) is None


def test_the_log_reaches_a_moment_when_a_line_timed_at_it_was_read():
    variant = _variant([(5.0, "x")], log="x\n")
    assert shown.log_reaches(variant, 5.0) is True
    assert shown.log_reaches(variant, 5.001) is None
    assert shown.log_reaches(_variant([(5.0, "x")], log="y\n"), 4.0) is None  # timed, but not in the log read


def test_logged_at_is_when_the_first_line_with_the_text_came():
    variant = _variant([(1.0, "other"), (2.0, "HARAKIRI ON WORKER 1"), (3.0, "HARAKIRI ON WORKER 2")])
    assert shown.logged_at(variant, "HARAKIRI") == 2.0
    assert shown.logged_at(variant, "DAMN") is None


def test_a_request_neither_answered_nor_cut_shows_nothing_either_way():
    refused = _record(error="refused")
    assert shown.cut(refused) is None and shown.served(refused) is None
    answered = _record(status=500)
    assert shown.cut(answered) is False and shown.served(answered) is False
