"""Wait until a lab container is ready to be observed: follow its log as uWSGI writes it (one
request, read as it grows: no polling, never a fixed sleep) until it shows what
analysis.readiness expects; fail early, with uWSGI's last words, when the log says it will
never be ready, or when it ends (the engine ends a followed log when the container exits)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from sandbox.analysis.command import parse as parse_command
from sandbox.analysis.readiness import expectation, log_tail, missing_evidence, never_ready
from sandbox.containers.followed_log import FollowedLog
from sandbox.errors import NotReadyInTime, StartFailed


def wait_until_ready(name: str, command: Sequence[str], log: FollowedLog, timeout: float = 60.0) -> str:
    """Read the log of the server `command` started until it is ready; return it. Raise
    StartFailed with the log's tail when it never will be, or the log ended or was closed first."""
    expected = expectation(parse_command(command))
    timer = threading.Timer(timeout, log.close, ("timeout",))
    timer.daemon = True
    timer.start()
    seen = b""
    try:
        for chunk in log.chunks():
            seen += chunk
            text = seen.decode(errors="replace")  # all of it: a chunk may end inside a character
            missing = missing_evidence(text, expected)
            if not missing:
                return text
            if hopeless := never_ready(text):
                raise StartFailed(f"{name}: {hopeless}", log_tail(text))
    finally:
        timer.cancel()
        log.close("read")
    text = seen.decode(errors="replace")
    if log.closed_because == "timeout":
        missing = ", ".join(missing_evidence(text, expected))
        raise NotReadyInTime(
            f"{name}: not ready after {timeout:.0f} s (SANDBOX_READY_TIMEOUT); still missing {missing}",
            log_tail(text),
        )
    if log.closed_because == "read":  # it ended by itself
        raise StartFailed(f"{name}: uWSGI exited before it was ready", log_tail(text))
    raise StartFailed(f"{name}: no longer waited for ({log.closed_because})", log_tail(text))


def last_words(container) -> str:
    """The tail of a container's log, for an error that says why it did not start."""
    return log_tail(container.logs(tail=40).decode(errors="replace"))
