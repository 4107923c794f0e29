"""When is a server ready to be observed? When its own log says so.

Ready means: the app is loaded (with --lazy-apps, by every worker: each loads it after its
fork), every worker the options ask for has its spawn line, and each router the options ask for
(--http...) has its spawn line. The expectations are read from the command itself, so
`sandbox try` with any options waits for the right lines. A log can also say that the server
will never be ready: it could not fork, or could not load the app. The first look at the tree
waits, too, until every worker runs the threads its options ask for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox.analysis import uwsgi_log
from sandbox.analysis.command import ServerCommand
from sandbox.model.roles import RoleKind

_UNKNOWN_OPTION = re.compile(r"unrecognized option '(?P<option>[^']+)'")


@dataclass(frozen=True)
class Expectation:
    workers: int
    routers: frozenset[RoleKind]  # router kinds whose spawn line must appear
    server: str = "uwsgi"  # or "gunicorn": whose log lines tell readiness
    apps: int = 1  # `WSGI app 0 ... ready` lines: with --lazy-apps each worker loads the app itself


def expectation(command: ServerCommand) -> Expectation:
    lazy = command.server == "uwsgi" and command.has("--lazy-apps", "--lazy")
    return Expectation(
        command.workers_at_start, command.routers, command.server, command.workers_at_start if lazy else 1
    )


def missing_evidence(log: str, expected: Expectation) -> list[str]:
    """What the log still lacks before the server counts as ready (empty: ready)."""
    if expected.server == "gunicorn":
        booted = len(uwsgi_log.GUNICORN_WORKER.findall(log))
        if booted >= expected.workers:
            return []
        return [f"`Booting worker` lines for {expected.workers} workers (seen {booted})"]
    missing = []
    loaded = len(uwsgi_log.APP_READY.findall(log))
    if loaded < expected.apps:
        missing.append(
            "the app's `WSGI app 0 ... ready` line"
            if expected.apps == 1
            else f"`WSGI app 0 ... ready` lines for {expected.apps} workers (--lazy-apps; seen {loaded})"
        )
    spawns = uwsgi_log.spawn_lines(log)
    workers = {spawn.number for spawn in spawns if spawn.kind == RoleKind.WORKER}
    if len(workers) < expected.workers:
        missing.append(f"spawn lines for {expected.workers} workers (seen {len(workers)})")
    for kind in sorted(expected.routers - {spawn.kind for spawn in spawns}, key=lambda k: k.value):
        missing.append(f"the `spawned uWSGI {kind.value} 1` line")
    return missing


def threads_expected(command: ServerCommand) -> tuple[int, int]:
    """What the first look waits for, besides a settled tree: (how many processes, each running
    at least how many extra threads). uWSGI logs a worker's spawn line right after fork(), before
    the worker starts its --threads, and on a busy machine a tree can look settled in between.
    (gunicorn's gthread workers start theirs only on demand: nothing to wait for.)"""
    if command.server != "uwsgi" or command.threads <= 1:
        return (0, 0)
    return (command.workers_at_start, command.threads - 1)


def never_ready(log: str) -> str | None:
    """Why the server will never be ready, when its log already says so."""
    if match := _UNKNOWN_OPTION.search(log):
        return f"this uWSGI does not know the option {match['option']}"
    if uwsgi_log.FORK_FAILED in log:
        return (
            "uWSGI could not fork all its processes (the container's pids limit, a guard against fork bombs)"
        )
    if uwsgi_log.NO_APP in log:
        return "uWSGI started but could not load the app"
    return None


def log_tail(log: str, lines: int = 12) -> str:
    """The last lines of a log, with runs of one repeated line folded into one."""
    folded: list[list] = []  # [line, how many times in a row]
    for line in (line for line in log.strip().splitlines() if line.strip()):
        if folded and folded[-1][0] == line:
            folded[-1][1] += 1
        else:
            folded.append([line, 1])
    shown = [f"{line}  (x{count})" if count > 1 else line for line, count in folded[-lines:]]
    return "uWSGI's last log lines:\n  " + "\n  ".join(shown) if shown else "uWSGI logged nothing"
