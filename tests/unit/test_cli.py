"""The command line in-process, without an engine: option parsing, choices shown in --help, and
every bad input refused with one line and its own exit code before anything touches Docker."""

from __future__ import annotations

import docker.errors
import pytest
from typer.testing import CliRunner

import docker
from sandbox import cli
from sandbox.containers import engine

NO_ENGINE = (
    "Error while fetching server API version: ('Connection aborted.', FileNotFoundError(2, 'No such file'))"
)


@pytest.fixture(autouse=True)
def no_engine(monkeypatch):
    """Were the engine used, the answer would be exit 3: these checks must come first."""

    def refuse(**_):
        raise docker.errors.DockerException(NO_ENGINE)

    monkeypatch.setattr(docker, "from_env", refuse)
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    engine.client.cache_clear()
    yield
    engine.client.cache_clear()


def sandbox(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr("sys.argv", ["sandbox", "-q", *args])
    with pytest.raises(SystemExit) as done:
        cli.main()
    captured = capsys.readouterr()
    return done.value.code, captured.out + captured.err


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["run", "thread"], 2, "did you mean 'threads'"),
        (["run", "default", "--sleep", "0"], 8, "--sleep 0 is out of range"),
        (["run", "default", "--sleep", "-1"], 8, "out of range"),
        (["run", "default", "--uwsgi", "latest"], 8, "'latest' is not a uWSGI version"),
        (["run", "default", "--timeline", "t.gif"], 8, "use a .svg or .png"),
        (["run", "default", "--timeline", "/nonexistent/t.svg"], 13, "does not exist"),
        (["verify", "--junit", "/nonexistent/r.xml"], 13, "--junit /nonexistent/r.xml"),
        (["verify", "--markdown", "/"], 13, "is a directory"),
        (["verify", "--scenario", "nope"], 2, "unknown scenario 'nope'"),
        (["verify", "--uwsgi", "2.0.x"], 8, "is not a uWSGI version"),
        (["bench", "--json-file", "/nonexistent/b.json"], 13, "--json-file"),
        (["sweep", "--threads", "0"], 8, "between 1 and 16"),
        (["sweep", "--processes", "1,x"], 8, "whole numbers"),
        (["sweep", "--plot", "p.jpg"], 8, "use a .svg or .png"),
        (["try", "--timeline", "t.gif"], 8, "use a .svg or .png"),
        (["export", "/nonexistent/lab.tar.gz"], 13, "does not exist"),
    ],
)
def test_bad_input_is_one_line_with_its_own_code_before_any_engine(monkeypatch, capsys, args, code, said):
    exit_code, output = sandbox(monkeypatch, capsys, *args)
    assert exit_code == code, output
    assert said in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["sweep", "--workload", "disk"], "'disk' is not one of"),
        (["sweep", "--server", "nginx"], "'nginx' is not one of"),
        (["try", "--app", "flask"], "'flask' is not one of"),
        (["run"], "Missing argument"),
    ],
)
def test_usage_errors_are_typers_exit_2(args, said):
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 2
    assert said in result.output


def test_choices_are_listed_in_help():
    sweep_help = CliRunner().invoke(cli.app, ["sweep", "--help"], terminal_width=200).output
    assert "io|cpu|both" in sweep_help and "uwsgi|gunicorn|both" in sweep_help
    try_help = CliRunner().invoke(cli.app, ["try", "--help"], terminal_width=200).output
    assert "plain|django|ticker" in try_help


def test_no_engine_is_exit_3_with_where_it_looked(monkeypatch, capsys):
    exit_code, output = sandbox(monkeypatch, capsys, "down")
    assert exit_code == 3
    assert "no Docker engine is answering at unix:///nonexistent/docker.sock (from DOCKER_HOST)" in output
