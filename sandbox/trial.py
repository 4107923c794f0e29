"""`sandbox try`: the same transcript for any uWSGI options a student types.

The container is a base service of compose.yaml (plain, django, ticker) whose command is
replaced: `uwsgi` + the student's options, plus what the base command needs and the student
did not give: a socket (`--http-socket :18000`) and the app to load (`--wsgi-file ./main.py`).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from sandbox import compose
from sandbox.catalog import Scenario, Variant
from sandbox.errors import UnknownName

BASE_APPS = ("plain", "django", "ticker")
SOCKET_OPTIONS = frozenset(
    {
        "--http",
        "--http-socket",
        "--https",
        "--socket",
        "-s",
        "--uwsgi-socket",
        "--http11-socket",
        "--fastcgi-socket",
        "--scgi-socket",
        "--shared-socket",
    }
)
APP_OPTIONS = frozenset(
    {"--wsgi-file", "--file", "-w", "--module", "--wsgi", "--mount", "--ini", "--yaml", "--json", "--xml"}
)
DEFAULT_SOCKET = ["--http-socket", ":18000"]
DEFAULT_PATHS = ("/sleep1", "/sleep2")


def _names(options: Sequence[str]) -> set[str]:
    return {option.split("=", 1)[0] for option in options if option.startswith("-")}


def app_loader(base_command: Sequence[str]) -> list[str]:
    """The options of a base command that load its app (everything but its socket)."""
    loader, skip = [], False
    for index, option in enumerate(base_command[1:], 1):
        if skip:
            skip = False
            continue
        name = option.split("=", 1)[0]
        if name in SOCKET_OPTIONS:
            skip = "=" not in option
            continue
        if name in APP_OPTIONS:
            loader += [option] if "=" in option else [option, base_command[index + 1]]
            skip = "=" not in option
    return loader


def trial_command(base_command: Sequence[str], options: Sequence[str]) -> list[str]:
    given = _names(options)
    command = ["uwsgi", *options]
    if not given & SOCKET_OPTIONS:
        command += DEFAULT_SOCKET
    if not given & APP_OPTIONS:
        command += app_loader(base_command)
    return command


def trial(
    app: str, options: Sequence[str], paths: Sequence[str] | None
) -> tuple[Scenario, dict[str, list[str]]]:
    if app not in BASE_APPS:
        near = difflib.get_close_matches(app, BASE_APPS, n=1)
        raise UnknownName(
            f"unknown app '{app}'", f"did you mean '{near[0]}'?" if near else f"apps: {', '.join(BASE_APPS)}"
        )
    command = trial_command(compose.services()[app]["command"], options)
    scenario = Scenario(
        name="try",
        claim="",
        title="your options",
        statement="",
        variants=(Variant(app, app),),
        article_command="",
        article_output="",
        clients=tuple((path,) for path in (paths or DEFAULT_PATHS)),
        expected=(),
    )
    return scenario, {app: command}
