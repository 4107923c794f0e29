"""Where the lab talks to its user: two rich consoles (results on stdout, the rest on stderr),
and the reporter that shows what the containers layer announces: every docker command (dimmed)
as it runs, so a student can repeat any step by hand; notes; progress of long steps.

The consoles, `out` and `err`, are made at their first use: rich takes 40 ms to import, which a
run spends while the engine starts its containers rather than before.
"""

from __future__ import annotations

import os
import shlex
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sandbox.containers import runner

if TYPE_CHECKING:
    from rich.console import Console

#: A log or a pipe is never cut at 80 columns (rich's default there): a role tree's evidence or
#: an error's hint must reach a CI log whole. COLUMNS, when set, is the width asked for.
NOT_A_TERMINAL_WIDTH = 4096
MIN_WIDTH = 40  # narrower than this, nothing reads: taken as not asked
_made: dict[bool, Console] = {}  # stderr? -> its console
_making = threading.Lock()


def make_console(stderr: bool) -> Console:
    """A console on stdout or stderr (looked up at each print, so tests can capture it)."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    asked = os.environ.get("COLUMNS", "")
    width = int(asked) if asked.isdigit() and int(asked) >= MIN_WIDTH else None
    if width is None and not stream.isatty():
        width = NOT_A_TERMINAL_WIDTH
    # Words wrap at the width, a line at a time (shown.py's blocks keep trees and quotes whole).
    # emoji=False: a log line such as `:memory:` is printed as it is (and rich's emoji table,
    # 5 ms to import, is never needed)
    return Console(stderr=stderr, width=width, highlight=False, emoji=False)


def _console(stderr: bool) -> Console:
    with _making:
        if stderr not in _made:
            _made[stderr] = make_console(stderr)
        return _made[stderr]


def __getattr__(name: str) -> Console:
    if name in ("out", "err"):
        return _console(stderr=name == "err")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ConsoleReporter(runner.Reporter):
    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet

    def command(self, argv: Sequence[str], env: Mapping[str, str] | None = None) -> None:
        if self.quiet:
            return
        from sandbox.output import fit

        words = [f"{key}={shlex.quote(value)}" for key, value in (env or {}).items()]
        words += [part if isinstance(part, runner.Shell) else shlex.quote(part) for part in argv]
        console = _console(stderr=True)
        for line in fit.command(words, console.width):
            console.print(line, style="dim", markup=False, soft_wrap=True)

    def note(self, text: str) -> None:
        if not self.quiet and text:
            _console(stderr=True).print(text, style="dim", markup=False)

    def notice(self, text: str) -> None:
        _console(stderr=True).print(text, style="yellow", markup=False)

    def step(self, text: str) -> None:
        _console(stderr=True).print(text, style="dim", markup=False)

    @contextmanager
    def status(self, text: str) -> Iterator[None]:
        with _console(stderr=True).status(text):
            yield

    @contextmanager
    def progress(self, what: str) -> Iterator[runner.ProgressCallback]:
        # only builds show a bar: the others never import it (a fiftieth of a second)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn(what), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
            TimeElapsedColumn(), console=_console(stderr=True), transient=True,
        ) as bar:  # fmt: skip
            task = bar.add_task("", total=None)
            yield lambda done, total, text: bar.update(task, completed=done, total=total, description=text)


def install(quiet: bool) -> None:
    """Show what the lab does on the terminal (-q: only what must be seen)."""
    runner.use(ConsoleReporter(quiet))
