"""Run external commands, and announce them first.

Every docker and compose command the lab runs is announced, so a student can repeat any step
by hand: before it runs, except a run's own `docker run` lines, shown while the engine starts
those containers (the output's own imports wait for that moment); so are notes and long steps.
This layer never prints: it tells a Reporter, which is silent until the output layer installs
one that shows them (dimmed).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from sandbox.errors import CommandFailed


class Shell(str):
    """A part of an announced command that is shell syntax, shown as it is (a pipe, `&&`, a
    `"$(cat FILE)"`); every other part is quoted, so each line can be pasted into a shell."""


PIPE, AND = Shell("|"), Shell("&&")


class Reporter:
    """What the lab has to say while it works. This one keeps quiet."""

    def command(self, argv: Sequence[str], env: Mapping[str, str] | None = None) -> None:
        """A command is about to run."""

    def note(self, text: str) -> None:
        """A remark on the way (a pull failed, an image is built once...); -q hides it."""

    def notice(self, text: str) -> None:
        """Something the user must see whatever -q says (containers left running, cleanup)."""

    def step(self, text: str) -> None:
        """How far a long command got (verify's scenarios, bench's runs, a build): -q keeps it."""

    @contextmanager
    def status(self, text: str) -> Iterator[None]:
        """A long step with no measurable progress (debootstrap, saving images)."""
        yield

    @contextmanager
    def progress(self, what: str) -> Iterator[ProgressCallback]:
        """A long step made of numbered steps (an image build's Step N/M)."""
        yield lambda done, total, text: None


ProgressCallback = Callable[[int, int, str], None]
_reporter: list[Reporter] = [Reporter()]


def use(reporter: Reporter) -> None:
    _reporter[0] = reporter


def reporter() -> Reporter:
    return _reporter[0]


def announce(argv: Sequence[str], env: Mapping[str, str] | None = None) -> None:
    _reporter[0].command(argv, env)


def note(text: str) -> None:
    _reporter[0].note(text)


def notice(text: str) -> None:
    _reporter[0].notice(text)


def step(text: str) -> None:
    _reporter[0].step(text)


def run(
    argv: Sequence[str],
    *,
    env_shown: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
    show: bool = True,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a command, announced first unless `show` is off; on failure raise CommandFailed."""
    if show:
        announce(argv, env_shown)
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
