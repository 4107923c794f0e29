"""Read uWSGI's own log: its spawn lines (who is master, worker N, a router), its thread
support line, and the app's `pid ppid uri called HH:MM:SS` request lines. Every pid found is
kept with its position in the line, so a renderer can rename it without searching again."""

from __future__ import annotations

import re

from sandbox.model.evidence import Quote
from sandbox.model.observation import AppLine, SpawnLine
from sandbox.model.roles import RoleKind

_MASTER = re.compile(r"spawned uWSGI master process \(pid: (?P<pid>\d+)\)")
_WORKER = re.compile(
    r"(?:spawned|Respawned) uWSGI worker (?P<n>\d+) (?:\(and the only\) )?\((?:new )?pid: (?P<pid>\d+)(?:, cores: (?P<cores>\d+))?\)"
)
_GATEWAY = re.compile(
    r"spawned uWSGI (?P<kind>http|https|fastrouter|rawrouter|sslrouter) (?P<n>\d+) \(pid: (?P<pid>\d+)\)"
)
_APP_LINE = re.compile(r"^(?P<pid>\d+) (?P<ppid>\d+) (?P<uri>\S+) called (?P<clock>\d\d:\d\d:\d\d)$")
# Any other mention of a pid: uWSGI's `pid: 7`, `(pid: 7,`, `new pid: 12`; gunicorn's
# `[7] [INFO]` prefix, `(pid:7)` and `Listening at: http://0.0.0.0:18000 (1)`.
_PID_MENTION = re.compile(
    r"\bpid: ?(?P<pid>\d+)|^\[[^\]]+\] \[(?P<prefix>\d+)\] |Listening at: \S+ \((?P<arbiter>\d+)\)"
)
THREADS_ON = "python threads support enabled"
THREADS_OFF = "Python threads support is disabled"
APP_READY = re.compile(r"WSGI app \d+ \(mountpoint='[^']*'\) ready in")
NO_APP = "*** no app loaded"
RELOADER = "Python auto-reloader enabled"
FORK_FAILED = "fork(): Resource temporarily unavailable"
GUNICORN_WORKER = re.compile(r"Booting worker with pid: (?P<pid>\d+)")
_GUNICORN_ARBITER = re.compile(r"Listening at: \S+ \((?P<pid>\d+)\)")


def spawn_lines(log: str) -> list[SpawnLine]:
    found: list[SpawnLine] = []
    for line in log.splitlines():
        line = line.strip()
        if match := _MASTER.search(line):
            found.append(SpawnLine(RoleKind.MASTER, 0, int(match["pid"]), None, line, match.span("pid")))
        elif match := _WORKER.search(line):
            cores = int(match["cores"]) if match["cores"] else None
            found.append(
                SpawnLine(RoleKind.WORKER, int(match["n"]), int(match["pid"]), cores, line, match.span("pid"))
            )
        elif match := _GATEWAY.search(line):
            kind = RoleKind(match["kind"])
            found.append(SpawnLine(kind, int(match["n"]), int(match["pid"]), None, line, match.span("pid")))
        elif match := _GUNICORN_ARBITER.search(line):
            found.append(
                SpawnLine(RoleKind.GUNICORN_ARBITER, 0, int(match["pid"]), None, line, match.span("pid"))
            )
        elif match := GUNICORN_WORKER.search(line):
            # gunicorn numbers no worker: the lab counts the boots (a replacement is the next one).
            number = 1 + sum(spawn.kind == RoleKind.GUNICORN_WORKER for spawn in found)
            found.append(
                SpawnLine(RoleKind.GUNICORN_WORKER, number, int(match["pid"]), None, line, match.span("pid"))
            )
    return found


def app_lines(log: str) -> list[AppLine]:
    lines = []
    for raw in log.splitlines():
        line = raw.strip()
        if match := _APP_LINE.match(line):
            pid, ppid = int(match["pid"]), int(match["ppid"])
            spans = ((*match.span("pid"), pid), (*match.span("ppid"), ppid))
            lines.append(AppLine(pid, ppid, match["uri"], match["clock"], line, spans))
    return lines


def pid_mentions(line: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end, pid) of every pid a log line mentions: an app line's pid and ppid, `pid: N`."""
    if match := _APP_LINE.match(line):
        return ((*match.span("pid"), int(match["pid"])), (*match.span("ppid"), int(match["ppid"])))
    found = []
    for match in _PID_MENTION.finditer(line):
        group = next(name for name in ("pid", "prefix", "arbiter") if match[name] is not None)
        found.append((*match.span(group), int(match[group])))
    return tuple(found)


_CLOCK = re.compile(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] ")
# uWSGI's own date before some of its lines (harakiri, a full listen queue)
_UWSGI_DATE = re.compile(r"^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} - ")


def without_clock(line: str) -> str:
    """A log line without gunicorn's `[2026-11-27 17:13:39 +0000] ` prefix (uWSGI's has none)."""
    return _CLOCK.sub("", line)


def undated(line: str) -> str:
    """A log line without the date its server put before it (gunicorn's, or uWSGI's own)."""
    return _UWSGI_DATE.sub("", without_clock(line))


def quote(variant: str, line: str) -> Quote:
    """A log line as evidence, with the position of every pid it mentions."""
    line = line.strip()
    return Quote(variant, line, pid_mentions(line))


def quote_spawn(variant: str, spawn: SpawnLine) -> Quote:
    return quote(variant, spawn.text)


def lines_with(log: str, text: str) -> list[str]:
    return [line.strip() for line in log.splitlines() if text in line]


def thread_support_line(log: str) -> str | None:
    """uWSGI's own statement on Python thread support, verbatim, if it made one."""
    for line in log.splitlines():
        if THREADS_ON in line or THREADS_OFF in line:
            return line.strip()
    return None


def thread_support(log: str) -> bool | None:
    """True: uWSGI said thread support is on; False: off; None: it said nothing."""
    line = thread_support_line(log)
    return None if line is None else THREADS_ON in line


def latest_spawn_by_pid(spawns: list[SpawnLine]) -> dict[int, SpawnLine]:
    """The latest spawn line for each pid (a respawned worker keeps its number)."""
    return {spawn.pid: spawn for spawn in spawns}
