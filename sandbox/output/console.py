"""Where the lab talks to its user: two rich consoles (results on stdout, the rest on stderr),
and the reporter that shows what the containers layer announces: every docker command (dimmed)
before it runs, so a student can repeat any step by hand; notes; progress of long steps."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from rich.console import Console

from sandbox.containers import runner

#: A log or a pipe is never cut at 80 columns (rich's default there, whatever COLUMNS says):
#: a role tree's evidence or an error's hint must reach a CI log whole.
NOT_A_TERMINAL_WIDTH = 4096


def make_console(stderr: bool) -> Console:
    """A console on stdout or stderr (looked up at each print, so tests can capture it)."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else NOT_A_TERMINAL_WIDTH
    # emoji=False: a log line such as `:memory:` is printed as it is (and rich's emoji table,
    # 5 ms to import, is never needed)
    return Console(stderr=stderr, width=width, highlight=False, soft_wrap=True, emoji=False)


out = make_console(stderr=False)
err = make_console(stderr=True)


class ConsoleReporter(runner.Reporter):
    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet

    def command(self, argv: Sequence[str], env: Mapping[str, str] | None = None) -> None:
        if self.quiet:
            return
        prefix = " ".join(f"{key}={shlex.quote(value)}" for key, value in (env or {}).items())
        line = " ".join(shlex.quote(part) for part in argv)
        err.print(f"$ {prefix + ' ' if prefix else ''}{line}", style="dim", markup=False)

    def note(self, text: str) -> None:
        if not self.quiet and text:
            err.print(text, style="dim", markup=False)

    def notice(self, text: str) -> None:
        err.print(text, style="yellow", markup=False)

    @contextmanager
    def status(self, text: str) -> Iterator[None]:
        with err.status(text):
            yield

    @contextmanager
    def progress(self, what: str) -> Iterator[runner.ProgressCallback]:
        # only builds show a bar: the others never import it (a fiftieth of a second)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn(what), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
            TimeElapsedColumn(), console=err, transient=True,
        ) as bar:  # fmt: skip
            task = bar.add_task("", total=None)
            yield lambda done, total, text: bar.update(task, completed=done, total=total, description=text)


def install(quiet: bool) -> None:
    """Show what the lab does on the terminal (-q: only what must be seen)."""
    runner.use(ConsoleReporter(quiet))
