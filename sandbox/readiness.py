"""When is a uWSGI container ready to be observed? When its own log says so.

Ready means: the app is loaded, every worker the options ask for has its spawn line, and the
HTTP router has its spawn line when --http asks for one. The expectations are read from the
command itself, so `sandbox try` with any options waits for the right lines. Polled, never a
fixed sleep; a timeout or an early exit fails with uWSGI's last words.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sandbox.errors import StartFailed
from sandbox.uwsgi_log import APP_READY, NO_APP, spawn_lines

FORK_FAILED = "fork(): Resource temporarily unavailable"

_PROCESS_OPTIONS = ("-p", "--processes", "--workers")
_ROUTER_OPTIONS = ("--http", "--https")


@dataclass(frozen=True)
class Expectation:
    workers: int
    routers: frozenset[str]  # gateway kinds whose spawn line must appear, e.g. {"http"}
    server: str = "uwsgi"  # or "gunicorn": whose log lines tell readiness


def _option_value(argv: Sequence[str], index: int) -> str | None:
    option = argv[index]
    if "=" in option:
        return option.split("=", 1)[1]
    return argv[index + 1] if index + 1 < len(argv) else None


_GUNICORN_WORKER = re.compile(r"Booting worker with pid: \d+")


def expectation_from_argv(argv: Sequence[str]) -> Expectation:
    if argv and argv[0] == "gunicorn":
        workers = next(
            (
                int(_option_value(argv, i) or 1)
                for i, o in enumerate(argv)
                if o.split("=")[0] in ("-w", "--workers")
            ),
            1,
        )
        return Expectation(workers, frozenset(), "gunicorn")
    workers, routers = 1, set()
    for index, option in enumerate(argv):
        name = option.split("=", 1)[0]
        if name in _PROCESS_OPTIONS:
            value = _option_value(argv, index)
            if value and value.isdigit():
                workers = int(value)
        elif name in _ROUTER_OPTIONS:
            routers.add(name.lstrip("-"))
    return Expectation(workers, frozenset(routers))


def missing_evidence(log: str, expected: Expectation) -> list[str]:
    """What the log still lacks before the container counts as ready (empty: ready)."""
    if expected.server == "gunicorn":
        booted = len(_GUNICORN_WORKER.findall(log))
        return (
            []
            if booted >= expected.workers
            else [f"`Booting worker` lines for {expected.workers} workers (seen {booted})"]
        )
    missing = []
    if not APP_READY.search(log):
        missing.append("the app's `WSGI app 0 ... ready` line")
    spawns = spawn_lines(log)
    workers = {spawn.number for spawn in spawns if spawn.role == "worker"}
    if len(workers) < expected.workers:
        missing.append(f"spawn lines for {expected.workers} workers (seen {len(workers)})")
    for kind in sorted(expected.routers - {spawn.role for spawn in spawns}):
        missing.append(f"the `spawned uWSGI {kind} 1` line")
    return missing


def wait_until_ready(
    name: str,
    read_log: Callable[[], str],
    is_running: Callable[[], bool],
    expected: Expectation,
    timeout: float = 60.0,
    interval: float = 0.05,
) -> str:
    """Poll the log until ready; return the log. Raise StartFailed with the log's tail."""
    deadline = time.monotonic() + timeout
    while True:
        log = read_log()
        missing = missing_evidence(log, expected)
        if not missing:
            return log
        if FORK_FAILED in log:
            raise StartFailed(
                f"{name}: uWSGI could not fork all its processes (the container's pids limit, a guard against fork bombs)",
                log_tail(log),
            )
        if NO_APP in log:
            raise StartFailed(f"{name}: uWSGI started but could not load the app", log_tail(log))
        if not is_running():
            raise StartFailed(f"{name}: uWSGI exited before it was ready", log_tail(read_log()))
        if time.monotonic() > deadline:
            raise StartFailed(
                f"{name}: not ready after {timeout:.0f} s (SANDBOX_READY_TIMEOUT); still missing {', '.join(missing)}",
                log_tail(log),
            )
        time.sleep(interval)


def log_tail(log: str, lines: int = 12) -> str:
    """The last lines of a log, with runs of one repeated line folded into one."""
    kept: list[str] = []
    repeats: list[int] = []
    for line in (line for line in log.strip().splitlines() if line.strip()):
        if kept and kept[-1] == line:
            repeats[-1] += 1
        else:
            kept.append(line)
            repeats.append(1)
    shown = [f"{line}  (x{count})" if count > 1 else line for line, count in zip(kept, repeats, strict=True)][
        -lines:
    ]
    return "uWSGI's last log lines:\n  " + "\n  ".join(shown) if shown else "uWSGI logged nothing"
