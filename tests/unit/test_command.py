"""The one reader of server command lines, and what is built on it: readiness expectations,
`sandbox try`'s command, the sweep's cell commands."""

import pytest

from sandbox.analysis.command import parse
from sandbox.analysis.readiness import Expectation, expectation
from sandbox.analysis.sweep import cell_command
from sandbox.model.roles import RoleKind
from sandbox.runs.trial import on_the_lab_port, trial_command

PLAIN = ["uwsgi", "--http-socket", ":18000", "--wsgi-file", "./main.py"]
DJANGO = ["uwsgi", "--http-socket", ":18000", "--module", "labsite.wsgi"]
GUNICORN = [
    "gunicorn",
    "--bind",
    ":18000",
    "--worker-class",
    "gthread",
    "--workers",
    "1",
    "--threads",
    "1",
    "main:application",
]


@pytest.mark.parametrize(
    ("argv", "workers", "threads", "routers"),
    [
        (["uwsgi", "--http", ":18000"], 1, 1, {RoleKind.HTTP_ROUTER}),
        (["uwsgi", "--http-socket", ":18000", "-p", "3"], 3, 1, set()),
        (["uwsgi", "--workers=4", "--http=:18000"], 4, 1, {RoleKind.HTTP_ROUTER}),
        (["uwsgi", "--processes", "2", "--threads", "4"], 2, 4, set()),
        (["uwsgi", "--processes"], 1, 1, set()),
        (
            ["uwsgi", "--master", "--processes", "2", "--enable-threads", "--http", ":1"],
            2,
            1,
            {RoleKind.HTTP_ROUTER},
        ),
        (["uwsgi", "-p", "2", "-p", "5"], 5, 1, set()),  # the last one wins, as in uWSGI
    ],
)
def test_counts_and_routers_are_read_from_the_options(argv, workers, threads, routers):
    command = parse(argv)
    assert (command.workers, command.threads, set(command.routers)) == (workers, threads, routers)
    assert expectation(command) == Expectation(workers, frozenset(routers))


def test_flags_never_swallow_the_next_word():
    command = parse(["uwsgi", "--master", "./main.py", "--enable-threads", "--lazy-apps"])
    assert command.value("--master") is None
    assert command.has("--enable-threads") and command.has("-M")


def test_which_options_start_a_master():
    assert parse(["uwsgi", "--cheaper", "1"]).asks_for_master
    assert parse(["uwsgi", "--py-autoreload=3"]).asks_for_master
    assert not parse(["uwsgi", "--harakiri", "5", "--lazy-apps"]).asks_for_master


def test_gunicorn_workers_and_readiness():
    command = parse(GUNICORN)
    assert (command.server, command.workers, command.threads) == ("gunicorn", 1, 1)
    assert expectation(command) == Expectation(1, frozenset(), "gunicorn")


def test_the_app_loader_is_the_base_command_without_its_socket():
    assert parse(PLAIN).app_loader() == ["--wsgi-file", "./main.py"]
    assert parse(DJANGO).app_loader() == ["--module", "labsite.wsgi"]
    assert parse(["uwsgi", "--http=:18000", "--wsgi-file=./main.py"]).app_loader() == [
        "--wsgi-file=./main.py"
    ]


def test_try_adds_a_socket_and_the_app_when_missing_and_never_doubles_them():
    assert trial_command(PLAIN, ["--processes", "2"]) == [
        "uwsgi", "--processes", "2", "--http-socket", ":18000", "--wsgi-file", "./main.py",
    ]  # fmt: skip
    given = ["--http", ":18000", "--module", "labsite.wsgi"]
    assert trial_command(DJANGO, given) == ["uwsgi", *given]
    assert trial_command(PLAIN, ["-s", ":18000"]) == ["uwsgi", "-s", ":18000", "--wsgi-file", "./main.py"]


def test_a_sweep_cell_changes_only_the_counts():
    assert cell_command(GUNICORN, "gunicorn", 2, 4) == [
        "gunicorn", "--bind", ":18000", "--worker-class", "gthread", "--workers", "2", "--threads", "4", "main:application",
    ]  # fmt: skip
    uwsgi = ["uwsgi", "--http-socket", ":18000", "--processes=1", "--threads", "1"]
    assert cell_command(uwsgi, "uwsgi", 3, 2) == [
        "uwsgi",
        "--http-socket",
        ":18000",
        "--processes=3",
        "--threads",
        "2",
    ]
    assert cell_command(GUNICORN[:5], "gunicorn", 2, 4) is None


def test_words_that_are_not_options_are_never_read_as_options():
    command = parse(["uwsgi", "--master", "./main.py", "--http", ":18000", "stray", "-p", "2"])
    assert [(o.name, o.value, o.index, o.width) for o in command.options] == [
        ("--master", None, 1, 1),
        ("--http", ":18000", 3, 2),
        ("--processes", "2", 6, 2),
    ]


def test_an_option_followed_by_another_option_has_no_value():
    command = parse(["uwsgi", "--module", "--processes", "2", "--mount", "/a=app.py"])
    assert command.value("--module") is None and command.workers == 2
    assert command.app_loader() == ["--module", "--mount", "/a=app.py"]  # every app option, each whole


def test_replacing_a_value_keeps_the_option_name_even_when_the_value_holds_an_equals_sign():
    assert parse(["uwsgi", "--mount=/a=app.py"]).with_value("--mount", "/b=x.py") == [
        "uwsgi",
        "--mount=/b=x.py",
    ]


def test_a_sweep_command_needs_both_counts():
    assert cell_command(["uwsgi", "--processes", "1"], "uwsgi", 2, 2) is None
    assert cell_command(["uwsgi", "--threads", "1"], "uwsgi", 2, 2) is None


@pytest.mark.parametrize(
    ("given", "moved"),
    [
        (["--http", ":8000", "--processes", "2"], ["--http", ":18000", "--processes", "2"]),
        (["--http-socket=0.0.0.0:8080"], ["--http-socket=0.0.0.0:18000"]),
        (
            ["--socket", "127.0.0.1:3031", "--http", ":9090"],
            ["--socket", "127.0.0.1:18000", "--http", ":9090"],
        ),
    ],
)
def test_try_moves_the_first_tcp_socket_to_the_lab_port_and_says_so(given, moved):
    options, words = on_the_lab_port(given)
    assert options == moved
    assert "18000" in words and given[0].split("=")[0] in words


@pytest.mark.parametrize(
    "given", [["--http", ":18000"], ["--socket", "/tmp/app.sock"], ["--processes", "2"], ["--http"]]
)
def test_try_leaves_a_socket_on_the_lab_port_or_a_unix_path_alone(given):
    assert on_the_lab_port(given) == (given, "")
