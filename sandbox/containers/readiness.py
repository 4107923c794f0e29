"""Wait until a lab container is ready to be observed: poll its log (never a fixed sleep)
until it shows what analysis.readiness expects; fail early, with uWSGI's last words, when the
log says it will never be ready or the container exited."""

from __future__ import annotations

import time
from collections.abc import Callable

from sandbox.analysis.readiness import Expectation, log_tail, missing_evidence, never_ready
from sandbox.errors import StartFailed


def wait_until_ready(
    name: str,
    read_log: Callable[[], str],
    is_running: Callable[[], bool],
    expected: Expectation,
    timeout: float = 60.0,
    interval: float = 0.025,  # s between two reads of the log (a read costs a few ms)
) -> str:
    """Poll the log until ready; return the log. Raise StartFailed with the log's tail."""
    deadline = time.monotonic() + timeout
    while True:
        log = read_log()
        missing = missing_evidence(log, expected)
        if not missing:
            return log
        if hopeless := never_ready(log):
            raise StartFailed(f"{name}: {hopeless}", log_tail(log))
        if not is_running():
            raise StartFailed(f"{name}: uWSGI exited before it was ready", log_tail(read_log()))
        if time.monotonic() > deadline:
            raise StartFailed(
                f"{name}: not ready after {timeout:.0f} s (SANDBOX_READY_TIMEOUT); still missing {', '.join(missing)}",
                log_tail(log),
            )
        time.sleep(interval)
