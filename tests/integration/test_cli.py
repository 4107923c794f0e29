"""The `sandbox` command as a user runs it: JSON fields, `try`, and errors without tracebacks."""

import json
import subprocess
import sys

import pytest

from sandbox.analysis.pstree import parse_pstree, shape
from tests.integration.helpers import PROJECT, has_own_traceback, leftovers, new_session, sandbox, sandbox_env

pytestmark = pytest.mark.docker


def test_run_json_has_the_documented_fields(lab_images):
    done = sandbox("run", "threads", "--sleep", "1", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    for field in (
        "scenario",
        "uwsgi_version",
        "command",
        "spawn_lines",
        "pstree",
        "processes",
        "requests",
        "app_lines",
        "claims",
        "variants",
    ):
        assert field in data, field
    assert data["command"][:3] == ["uwsgi", "--http", ":18000"]
    assert {"pid", "ppid", "role", "cmdline", "threads"} <= set(data["processes"][0])
    assert {
        "path",
        "status",
        "pid",
        "ppid",
        "tid",
        "server_start",
        "server_end",
        "client_start",
        "client_end",
    } <= set(data["requests"][0])
    assert {"id", "verdict", "expected", "evidence"} <= set(data["claims"][0])


def test_multi_container_scenario_puts_containers_in_variants(lab_images):
    data = json.loads(sandbox("run", "workers", "--sleep", "1", "--json").stdout)
    assert [v["label"] for v in data["variants"]] == ["--workers 3", "--processes 3", "-p 3"]
    assert "pstree" not in data


def test_try_adds_a_socket_and_reports_the_tree(lab_images):
    done = sandbox("try", "--sleep", "1", "--json", "--", "--processes", "2")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["command"] == [
        "uwsgi",
        "--processes",
        "2",
        "--http-socket",
        ":18000",
        "--wsgi-file",
        "./main.py",
    ]
    assert sorted(p["role"] for p in data["processes"]) == ["worker 1", "worker 2"]


def test_try_with_an_option_uwsgi_refuses_shows_uwsgis_own_error(lab_images):
    done = sandbox("try", "--sleep", "1", "--", "--no-such-option")
    assert done.returncode == 6
    assert not has_own_traceback(done.stderr)
    assert "no-such-option" in done.stderr


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (("run", "thread"), 2, "did you mean 'threads'"),
        (("run", "threads", "--sleep", "-1"), 8, "out of range"),
        (("run", "threads", "--uwsgi", "latest"), 8, "is not a uWSGI version"),
        (("try", "--app", "flask"), 2, "'flask' is not one of"),
        (
            ("run", "threads", "--html", "/no/such/folder/t.html"),
            13,
            "the folder /no/such/folder does not exist",
        ),
        (("verify", "--set", "article", "--html", "/"), 13, "--html /: that is a directory"),
    ],
)
def test_bad_input_is_one_clear_line(args, code, text):
    done = sandbox(*args)
    assert done.returncode == code
    assert text in done.stderr
    assert not has_own_traceback(done.stderr)


def test_timeline_picture_and_normalised_json(lab_images, tmp_path):
    picture = tmp_path / "d.svg"
    done = sandbox("run", "default", "--sleep", "1", "--json", "--normalize-pids", "--timeline", str(picture))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["pstree"] == "uwsgi(W1)───uwsgi(R1)"
    assert {r["pid"] for r in data["requests"]} == {"W1"}
    assert picture.read_text().count('id="request-') == 2


def test_verify_writes_junit_and_markdown(lab_images, tmp_path):
    import junitparser

    junit, markdown = tmp_path / "r.xml", tmp_path / "r.md"
    done = sandbox(
        "verify",
        "--uwsgi",
        "2.0.31",
        "--uwsgi",
        "2.0.21",
        "--scenario",
        "default",
        "--scenario",
        "processes",
        "--sleep",
        "1",
        "--junit",
        str(junit),
        "--markdown",
        str(markdown),
    )
    assert done.returncode == 0, done.stderr
    cases = [case for suite in junitparser.JUnitXml.fromfile(str(junit)) for case in suite]
    assert sorted(case.name for case in cases) == ["C1 default", "C1 default", "C3 processes", "C3 processes"]
    assert all(case.is_passed for case in cases)
    assert markdown.read_text().count("```text") == 4


def test_bad_timeline_name_is_refused_before_anything_starts():
    done = sandbox("run", "default", "--timeline", "t.gif")
    assert done.returncode == 8 and "use a .svg or .png" in done.stderr


@pytest.mark.parametrize(
    ("options", "endpoint"),
    [
        (["--socket", ":18000"], {"protocol": "uwsgi", "port": 18000, "unix": None}),
        (["--socket", "/tmp/app.sock"], {"protocol": "uwsgi", "port": None, "unix": "/tmp/app.sock"}),
        (["--uwsgi-socket=@lab", "--master"], {"protocol": "uwsgi", "port": None, "unix": "@lab"}),
        (["--http-socket", "/tmp/http.sock", "--threads", "2"], {"protocol": "http", "port": None, "unix": "/tmp/http.sock"}),
    ],
)  # fmt: skip
def test_try_speaks_the_protocol_of_the_socket_given_over_tcp_or_unix(lab_images, options, endpoint):
    """The one client speaks HTTP and the uwsgi protocol, over TCP and UNIX sockets; `try` picks
    it from the socket options, and every request is answered by a process of the tree."""
    done = sandbox("try", "--sleep", "0.5", "--json", "--", "--processes", "2", *options)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["endpoint"] == endpoint
    pids = {process["pid"] for process in data["processes"]}
    assert [r["status"] for r in data["requests"]] == [200, 200], data["requests"]
    assert all(r["pid"] in pids for r in data["requests"])
    assert not data["unanswered"]


def test_the_commands_a_run_prints_can_be_pasted(lab_images):
    """Each `$ docker exec ...` line a run prints, pasted into bash in the project's folder while
    the run's container is kept, does what the run did: the look at the tree, then the requests."""
    session = new_session()
    env = sandbox_env(session)
    done = subprocess.run(
        [sys.executable, "-m", "sandbox", "run", "default", "--sleep", "1", "--keep"],
        capture_output=True, text=True, timeout=300, env=env, cwd=PROJECT,
    )  # fmt: skip
    try:
        assert done.returncode == 0, done.stderr
        lines = [line[2:] for line in done.stderr.splitlines() if line.startswith("$ docker exec ")]
        assert lines and all("..." not in line and "<sandbox" not in line for line in lines), lines
        for line in lines:
            pasted = subprocess.run(
                ["bash", "-c", line], capture_output=True, text=True, timeout=120, cwd=PROJECT
            )
            assert pasted.returncode == 0, (line, pasted.stderr)
        assert '"pstree"' in pasted.stdout and '"server_start"' in pasted.stdout
    finally:
        sandbox("down", session=session)
        assert not leftovers(session)


def _printed_commands(stderr: str) -> list[str]:
    """Each `$ ...` command a run printed, its ` \\` continuation lines joined as bash would."""
    commands: list[str] = []
    continued = False
    for line in stderr.splitlines():
        if continued:
            commands[-1] += "\n" + line
        elif line.startswith("$ "):
            commands.append(line[2:])
        else:
            continue
        continued = line.endswith(" \\")
    return commands


def test_every_command_of_a_run_pasted_in_order_rebuilds_its_tree(lab_images):
    """`docker run`, `docker exec` and `docker rm` exactly as `run threads` printed them at 80
    columns, pasted into bash one after another, start the same container, show a tree of the
    same shape, answer the same requests, and leave nothing behind."""
    session = new_session()
    done = subprocess.run(
        [sys.executable, "-m", "sandbox", "run", "threads", "--sleep", "1", "--json"],
        capture_output=True, text=True, timeout=300, env=sandbox_env(session, COLUMNS="80"), cwd=PROJECT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    commands = _printed_commands(done.stderr)
    kinds = [command.split()[1] for command in commands]
    assert kinds == ["run", "exec", "rm"], commands
    assert any("\\\n" in command for command in commands)  # 80 columns: some wrapped
    try:
        pasted = [
            subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120, cwd=PROJECT)
            for command in commands
        ]
        assert [p.returncode for p in pasted] == [0, 0, 0], [p.stderr for p in pasted]
        look, answers = (json.loads(line) for line in pasted[1].stdout.splitlines()[:2])
        assert shape(parse_pstree(look["pstree"])[0]) == shape(
            parse_pstree(json.loads(done.stdout)["pstree"])[0]
        )
        assert look["settled"] is True
        assert sorted(answer["status"] for answer in answers) == [200, 200]
    finally:
        assert not leftovers(session), "the pasted `docker rm` removes what the pasted `docker run` started"
        sandbox("down", session=session)


def test_soak_a_scenario_with_a_core_kept_busy(lab_images):
    """`soak --busy-cores 1`: a spinning process beside the rounds, ended with them; the verdicts
    stay as expected; `--sweep none` leaves the sweep out."""
    session = new_session()
    done = sandbox(
        "soak", "--scenario", "default", "--runs", "2", "--sweep", "none", "--busy-cores", "1", "--sleep", "0.5",
        session=session,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 core(s) kept busy" in done.stderr
    assert done.stderr.count("2/2 as expected") == 2
    assert "GIL" not in done.stdout and "C1" in done.stdout
    assert leftovers(session) == []
    spinning = subprocess.run(["pgrep", "-f", "while time.monotonic"], capture_output=True, text=True)
    assert spinning.stdout.strip() == ""  # the busy loop ended with the soak
