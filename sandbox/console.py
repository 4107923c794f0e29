"""Where the lab talks to its user: one rich console, and every command shown before it runs.

Showing the exact `docker compose ...` line (dimmed) lets a student repeat any step by hand.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Mapping, Sequence

from rich.console import Console

from sandbox.errors import CommandFailed

#: A log or a pipe is never cut at 80 columns (rich's default there, whatever COLUMNS says):
#: a role tree's evidence or an error's hint must reach a CI log whole.
NOT_A_TERMINAL_WIDTH = 4096


def make_console(stderr: bool) -> Console:
    """A console on stdout or stderr (looked up at each print, so tests can capture it)."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else NOT_A_TERMINAL_WIDTH
    return Console(stderr=stderr, width=width, highlight=False, soft_wrap=True)


console = make_console(stderr=True)
_settings = {"quiet": False}


def set_quiet(quiet: bool) -> None:
    _settings["quiet"] = quiet


def show_command(argv: Sequence[str], env: Mapping[str, str] | None = None) -> None:
    if _settings["quiet"]:
        return
    prefix = " ".join(f"{key}={shlex.quote(value)}" for key, value in (env or {}).items())
    line = " ".join(shlex.quote(part) for part in argv)
    console.print(f"$ {prefix + ' ' if prefix else ''}{line}", style="dim", markup=False)


def note(message: str) -> None:
    if not _settings["quiet"]:
        console.print(message, style="dim")


def run(
    argv: Sequence[str],
    *,
    env_shown: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
    show: bool = True,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a command, shown first unless `show` is off; on failure raise CommandFailed."""
    if show:
        show_command(argv, env_shown)
    try:
        done = subprocess.run(
            list(argv),
            env=dict(env) if env is not None else None,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
            # Own session: a Ctrl-C aimed at the lab must not kill `compose down` half-way.
            start_new_session=True,
        )
    except (FileNotFoundError, subprocess.TimeoutExpired) as missing:
        raise CommandFailed(list(argv), 127, "", f"{argv[0]}: {missing}") from missing
    if check and done.returncode != 0:
        raise CommandFailed(list(argv), done.returncode, done.stdout, done.stderr)
    return done
