"""What the lessons do to a running lab container besides requests: stop it (`docker stop`,
timed), signal one of its processes (`kill -9`), and read its log with the engine's own time
of every line (uWSGI's spawn lines carry no time; cheaper's spawns are told by these)."""

from __future__ import annotations

import time
from datetime import datetime

from sandbox.containers import inside, runner
from sandbox.model.observation import Stopped


def stop(container, grace: float, log_lines: int | None = None) -> Stopped:
    """`docker stop -t GRACE`: the stop signal, then SIGKILL after GRACE seconds if still running.
    `log_lines`: how many lines the log had just before (what came after is the stop's doing)."""
    runner.announce(["docker", "stop", "-t", f"{grace:g}", container.name])
    started = time.monotonic()
    container.stop(timeout=int(grace))  # the engine takes whole seconds
    seconds = time.monotonic() - started
    container.reload()
    return Stopped(grace, round(seconds, 3), int(container.attrs["State"]["ExitCode"]), log_lines)


def signal(container, pid: int, signum: int) -> None:
    """`kill -SIGNUM PID` inside the container, as its own user (which owns uWSGI's processes)."""
    inside.exec_text(container, ["kill", f"-{signum}", str(pid)])


def exit_code(container) -> int | None:
    container.reload()
    state = container.attrs["State"]
    return None if state.get("Running") else int(state["ExitCode"])


def _epoch(stamp: str) -> float:
    # RFC 3339 with nanoseconds: keep microseconds, which datetime can read.
    whole, _, fraction = stamp.rstrip("Z").partition(".")
    return datetime.fromisoformat(f"{whole}.{(fraction + '000000')[:6]}+00:00").timestamp()


def timed_log(container) -> list[tuple[float, str]]:
    """Every log line with the time the engine received it."""
    raw = container.logs(stdout=True, stderr=True, timestamps=True).decode(errors="replace")
    lines = []
    for line in raw.splitlines():
        stamp, _, text = line.partition(" ")
        if stamp[:4].isdigit():
            lines.append((_epoch(stamp), text))
    return lines
