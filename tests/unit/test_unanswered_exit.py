"""`run` on a scenario whose requests got no answer: the transcript names them, and the command
fails with exit 10 (the lab did not observe the scenario); `try` shows it and exits 0."""

import pytest

from sandbox import cli
from sandbox.containers import images
from sandbox.output.json_run import observation_from_dict
from sandbox.runs import run, verify
from tests.unit.captured import load


@pytest.fixture
def lost_requests(monkeypatch):
    data = load("default-2.0.31")
    for record in data["variants"][0]["requests"]:
        record.update(status=None, pid=None, ppid=None, tid=None, server_start=None, server_end=None)
        record.update(error="refused")
    observation = observation_from_dict(data)
    monkeypatch.setattr(images, "ensure_for", lambda services, version: None)
    monkeypatch.setattr(verify, "observe", lambda *args, **kwargs: observation)
    monkeypatch.setattr(run, "observe", lambda *args, **kwargs: observation)


def _main(monkeypatch, *args: str) -> int:
    monkeypatch.setattr("sys.argv", ["sandbox", "-q", *args])
    with pytest.raises(SystemExit) as done:
        cli.main()
    return done.value.code


def test_run_fails_with_exit_10_and_names_every_lost_request(lost_requests, monkeypatch, capsys):
    assert _main(monkeypatch, "run", "default", "--sleep", "1") == 10
    out, err = capsys.readouterr()
    assert "/sleep1: no answer (connection refused" in out and "/sleep2: no answer" in out
    assert err.startswith("error: 2 request(s) got no answer")
    assert "Verdict C1: cannot tell" in out
