"""A saved `sandbox try --json` judged again (`sandbox judge`): no catalog holds a try, so the
file itself says where its requests went and what the user's config was."""

import io

import pytest
from rich.console import Console


def test_a_saved_try_keeps_its_socket_and_its_config_when_judged_again():
    from sandbox.analysis.judge import judge
    from sandbox.model.steps import Endpoint
    from sandbox.output.json_run import observation_from_dict, run_dict
    from sandbox.output.transcript import transcript
    from tests.unit.captured import load

    data = load("threads-2.0.31")
    data["scenario"] = "try"
    socket = {"protocol": "uwsgi", "port": None, "unix": "/tmp/app.sock"}
    data["variants"][0]["endpoint"] = socket
    data["config"] = {"sources": ["app.ini"], "options": [["processes", "3"]], "changes": ["moved socket"]}
    run = judge(observation_from_dict(data))
    assert run.judgement is None and run.observation.scenario.endpoint == Endpoint(**socket)
    assert run_dict(run)["config"] == data["config"]
    console = Console(record=True, width=200, file=io.StringIO(), color_system=None)
    transcript(run, console)
    said = console.export_text()
    assert "Your config (app.ini), as uWSGI 2.0.31 resolved it: processes=3" in said
    assert "• moved socket" in said and "uwsgi protocol on UNIX socket /tmp/app.sock" in said


@pytest.mark.parametrize("endpoint", [{"bogus": 1}, "http", ["uwsgi"]])
def test_a_saved_try_with_a_wrong_endpoint_is_a_bad_run_file(endpoint):
    from sandbox.errors import BadRunFile
    from sandbox.output.json_run import observation_from_dict
    from tests.unit.captured import load

    data = load("threads-2.0.31")
    data["scenario"] = "try"
    data["variants"][0]["endpoint"] = endpoint
    with pytest.raises(BadRunFile):
        observation_from_dict(data)
