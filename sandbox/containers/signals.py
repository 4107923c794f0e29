"""Ctrl-C and SIGTERM end a run cleanly: they raise `Interrupted` wherever the run is, the
lab's `finally` removes what it started, and a second Ctrl-C during that cleanup is refused
(with a word) instead of leaving containers behind half-removed."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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
_received: list[int] = []  # the signals that interrupted this command


def received() -> bool:
    """Whether Ctrl-C or SIGTERM interrupted this command (the process may then end without
    waiting for threads still blocked on a container the cleanup removed)."""
    return bool(_received)


def _on_signal(signum: int, _frame) -> None:
    if _shield_depth:
        runner.notice("cleaning up: removing the lab's containers, one moment...")
        return
    _received.append(signum)
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


@contextmanager
def pool(workers: int) -> Iterator[ThreadPoolExecutor]:
    """A thread pool that Ctrl-C does not wait for: its threads block on a container's exec
    stream (a request sleeping 10 s), and the main thread's cleanup removes that container.
    On any other exit the pool finishes its work, as `with ThreadPoolExecutor` does."""
    with owned(ThreadPoolExecutor(max_workers=workers)) as executor:
        yield executor


@contextmanager
def owned(executor: ThreadPoolExecutor) -> Iterator[ThreadPoolExecutor]:
    """`pool`'s exit for a pool made elsewhere."""
    abandon = False
    try:
        yield executor
    except Interrupted:
        abandon = True
        raise
    finally:
        executor.shutdown(wait=not abandon, cancel_futures=True)
