"""Ctrl-C and SIGTERM end a run cleanly: they raise `Interrupted` wherever the run is, the
lab's `finally` removes what it started, and a second Ctrl-C during that cleanup is refused
(with a word) instead of leaving containers behind half-removed."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sandbox.containers import runner
from sandbox.errors import SandboxError


class Interrupted(SandboxError):
    def __init__(self, signum: int) -> None:
        name = signal.Signals(signum).name
        super().__init__(
            f"interrupted by {name}", "nothing it started is left running (`sandbox down` double-checks)"
        )
        self.exit_code = 128 + signum


_shield_depth = 0
_lock = threading.Lock()


def _on_signal(signum: int, _frame) -> None:
    if _shield_depth:
        runner.notice("cleaning up: removing the lab's containers, one moment...")
        return
    runner.notice(
        f"{signal.Signals(signum).name}: stopping, and removing every container this command started..."
    )
    raise Interrupted(signum)


def install() -> None:
    """Route SIGINT and SIGTERM through `Interrupted` (main thread only, as Python requires)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_signal)
        signal.signal(signal.SIGTERM, _on_signal)


@contextmanager
def shielded() -> Iterator[None]:
    """While cleanup runs, signals are acknowledged but do not interrupt it."""
    global _shield_depth
    with _lock:
        _shield_depth += 1
    try:
        yield
    finally:
        with _lock:
            _shield_depth -= 1
