"""`sandbox try`: the same transcript for any uWSGI options a student types.

The container is a base service of compose.yaml (plain, django, ticker) whose command is
replaced: `uwsgi` + the student's options, plus what the base command needs and the student
did not give: a socket (`--http-socket :18000`) and the app to load (`--wsgi-file ./main.py`).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sandbox.analysis.command import APP_OPTIONS, SOCKET_OPTIONS, parse
from sandbox.containers import compose, runner
from sandbox.errors import (
    BadOption,
    ConfigNeverReady,
    ConfigRefused,
    NotReadyInTime,
    StartFailed,
    UnknownName,
)
from sandbox.model.scenario import Scenario, Variant, YourConfig, tried
from sandbox.model.steps import LAB_HTTP, Endpoint
from sandbox.runs.run import replay
from sandbox.settings import APP_PORT

if TYPE_CHECKING:  # imported with the judging, while the requests run
    from sandbox.model.judged import JudgedRun

BASE_APPS = ("plain", "django", "ticker")
DEFAULT_SOCKET = ["--http-socket", ":18000"]
DEFAULT_PATHS = ("/sleep1", "/sleep2")


def on_the_lab_port(options: Sequence[str]) -> tuple[list[str], str]:
    """The options with their first TCP socket moved to the lab's port, when none is on it
    (the requests go to 127.0.0.1:18000 in the container), and the words saying so ("" if
    nothing moved). UNIX sockets and a socket already on 18000 are left alone."""
    options = list(options)
    for index, option in enumerate(options):
        name, equals, value = option.partition("=")
        at = index if equals else index + 1
        if name not in SOCKET_OPTIONS or at >= len(options):
            continue
        value = value if equals else options[at]
        host, colon, port = value.rpartition(":")
        if not colon or not port.isdigit():
            continue  # a UNIX socket, or a form this does not know: as given
        if int(port) == APP_PORT:
            return list(options), ""
        moved = f"{host}:{APP_PORT}"
        shown = f"{name} {value}"
        options[at] = f"{name}={moved}" if equals else moved
        return options, (
            f"{shown} listens on port {APP_PORT} here: the lab sends its requests to 127.0.0.1:{APP_PORT} "
            f"inside the container (and --keep publishes that port)"
        )
    return options, ""


# The sockets the lab's client can speak to, by protocol, in the order it prefers them: an HTTP
# one is what a browser reaches; a uwsgi one is what nginx's uwsgi_pass reaches.
SPOKEN = (("http", ("--http", "--http-socket", "--http11-socket")), ("uwsgi", ("--socket", "--uwsgi-socket")))


def endpoint_of(command: Sequence[str]) -> Endpoint:
    """Where the requests go: the first socket the command gives that the lab's client speaks
    (HTTP first), TCP on 127.0.0.1 or a UNIX socket; the lab's own port when it gives none."""
    parsed = parse(command)
    for protocol, names in SPOKEN:
        for option in parsed.options:
            if option.name not in names or not option.value:
                continue
            _, colon, port = option.value.rpartition(":")
            if not colon:
                return Endpoint(protocol, None, option.value)
            if port.isdigit():
                return Endpoint(protocol, int(port))
    if parsed.has(*SOCKET_OPTIONS):
        given = ", ".join(sorted({o.name for o in parsed.options if o.name in SOCKET_OPTIONS}))
        raise BadOption(
            f"the lab's client speaks HTTP and the uwsgi protocol, not what {given} serves",
            "add an --http-socket or a --socket for the requests, e.g. --socket /tmp/app.sock",
        )
    return LAB_HTTP


def trial_command(base_command: Sequence[str], options: Sequence[str]) -> list[str]:
    given = parse(["uwsgi", *options])
    command = ["uwsgi", *options]
    if not given.has(*SOCKET_OPTIONS):
        command += DEFAULT_SOCKET
    if not given.has(*APP_OPTIONS):
        command += parse(base_command).app_loader()
    return command


def trial(
    app: str, options: Sequence[str], paths: Sequence[str] | None, your_config: YourConfig | None = None
) -> tuple[Scenario, dict[str, list[str]]]:
    if app not in BASE_APPS:
        near = difflib.get_close_matches(app, BASE_APPS, n=1)
        raise UnknownName(
            f"unknown app '{app}'", f"did you mean '{near[0]}'?" if near else f"apps: {', '.join(BASE_APPS)}"
        )
    options, moved = on_the_lab_port(options)
    if moved:
        runner.notice(moved)
    command = trial_command(compose.services()[app]["command"], options)
    endpoint = endpoint_of(command)
    clients = tuple((path,) for path in (paths or DEFAULT_PATHS))
    return tried((Variant(app, app),), clients, endpoint, your_config), {app: command}


def try_options(
    app: str, options: Sequence[str], paths: Sequence[str] | None, uwsgi_version: str, sleep: float,
    keep: bool = False, as_root: bool = False, configs: Sequence[str] = (), env: Sequence[str] = (),
    env_file: Path | None = None,
) -> JudgedRun:  # fmt: skip
    """Run the student's options on a base app: an observation, no claim to judge. With configs
    (and UWSGI_* variables), their resolved options come first, then `options`."""
    for path in paths or []:
        if not path.startswith("/"):
            raise BadOption(f"--request {path}: a path must start with /", "e.g. --request /sleep1")
    your_config = None
    if configs or env or env_file:
        from sandbox.runs import config

        files = [config.read_config(spec) for spec in configs]
        resolved = config.resolve(uwsgi_version, files, config.read_env(env, env_file))
        runner.notice(
            f"uWSGI {uwsgi_version} resolved {', '.join(configs) or 'the environment'}: "
            + " ".join(f"{name}={value}" for name, value in resolved.options if name not in config.OWN)
        )
        for change in resolved.changes:
            runner.notice(f"  {change}")
        options = [*resolved.argv, *options]
        your_config = YourConfig(
            tuple(configs) or ("the environment",),
            tuple((name, value) for name, value in resolved.options if name not in config.OWN),
            tuple(resolved.changes),
        )
    scenario, commands = trial(app, options, paths, your_config)
    try:
        return replay(scenario, uwsgi_version, sleep, keep=keep, as_root=as_root, commands=commands)
    except StartFailed as failure:
        if not (configs or env or env_file):
            raise
        if isinstance(failure, NotReadyInTime):
            raise ConfigNeverReady(f"your config never became ready: {failure}", failure.hint) from None
        raise ConfigRefused(f"uWSGI refused your config: {failure}", failure.hint) from None
