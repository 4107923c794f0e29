"""A request without an answer: its cause in words, and a reason only when uWSGI's log proves it."""

from sandbox.analysis import failures
from sandbox.model.observation import RequestRecord, VariantObservation

# uWSGI 2.0.31 with --socket :18000, asked for GET /sleep1 over HTTP (captured in the lab).
SOCKET_LOG = "spawned uWSGI worker 1 (and the only) (pid: 1, cores: 1)\ninvalid request block size: 21573 (max 4096)...skip\n"


def _lost(path: str = "/sleep1", error: str = "empty reply") -> RequestRecord:
    return RequestRecord("plain", 1, path, client_start=1.0, client_end=1.1, error=error)


def _unanswered(records, log):
    variant = VariantObservation("plain", "plain", "main", "c", ("uwsgi",), log=log, requests=list(records))
    return failures.unanswered(variant)


def _said(fact) -> str:
    return fact.template.format(*fact.args) if fact else ""


def test_the_uwsgi_protocol_number_is_the_bytes_e_and_t_of_get():
    assert failures.uwsgi_packet_size(b"GET /sleep1") == 0x5445 == 21573
    assert failures.uwsgi_packet_size(b"POST /") == int.from_bytes(b"OS", "little")


def test_a_socket_speaking_the_uwsgi_protocol_is_named_with_its_number():
    (lost,) = _unanswered([_lost()], SOCKET_LOG)
    assert lost.cause.startswith("empty reply")
    said = _said(lost.reason)
    assert "uwsgi protocol" in said and "21573" in said and "--http-socket" in said
    assert "invalid request block size: 21573" in lost.reason.args[1].text


def test_no_reason_without_the_line_or_with_another_number():
    assert _unanswered([_lost()], "spawned uWSGI worker 1")[0].reason is None
    other = SOCKET_LOG.replace("21573", "4660")
    assert _unanswered([_lost()], other)[0].reason is None


def test_a_cause_the_log_line_cannot_explain_gets_no_reason():
    (lost,) = _unanswered([_lost(error="refused")], SOCKET_LOG)
    assert lost.reason is None and "nothing listens" in lost.cause


def test_harakiri_explains_a_lost_request():
    log = "*** HARAKIRI ON WORKER 1 (pid: 7, try: 1, graceful: yes) ***\n"
    reason = _unanswered([_lost(error="reset")], log)[0].reason
    assert "harakiri" in reason.template and reason.args[0].pids[0][2] == 7


def test_answered_requests_are_not_listed():
    answered = RequestRecord("plain", 1, "/a", 1.0, 1.2, status=500)
    assert _unanswered([answered], SOCKET_LOG) == []
