"""Read uWSGI's own log: its spawn lines (who is master, worker N, HTTP router), its thread
support line, and the app's `pid ppid uri called HH:MM:SS` request lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MASTER = re.compile(r"spawned uWSGI master process \(pid: (?P<pid>\d+)\)")
_WORKER = re.compile(
    r"(?:spawned|Respawned) uWSGI worker (?P<n>\d+) (?:\(and the only\) )?\((?:new )?pid: (?P<pid>\d+)(?:, cores: (?P<cores>\d+))?\)"
)
_GATEWAY = re.compile(
    r"spawned uWSGI (?P<kind>http|https|fastrouter|rawrouter|sslrouter) (?P<n>\d+) \(pid: (?P<pid>\d+)\)"
)
_APP_LINE = re.compile(r"^(?P<pid>\d+) (?P<ppid>\d+) (?P<uri>\S+) called (?P<clock>\d\d:\d\d:\d\d)$")
_THREADS_ON = "python threads support enabled"
_THREADS_OFF = "Python threads support is disabled"
APP_READY = re.compile(r"WSGI app \d+ \(mountpoint='[^']*'\) ready in")
NO_APP = "*** no app loaded"
RELOADER = "Python auto-reloader enabled"


@dataclass(frozen=True)
class SpawnLine:
    role: str  # "master", "worker", or a gateway kind such as "http"
    number: int  # worker number / gateway instance; 0 for the master
    pid: int
    cores: int | None
    text: str

    @property
    def label(self) -> str:
        if self.role == "master":
            return "master"
        if self.role == "worker":
            return f"worker {self.number}"
        return f"{self.role} router" if self.number == 1 else f"{self.role} router {self.number}"


@dataclass(frozen=True)
class AppLine:
    pid: int
    ppid: int
    uri: str
    clock: str
    text: str


def spawn_lines(log: str) -> list[SpawnLine]:
    found: list[SpawnLine] = []
    for line in log.splitlines():
        line = line.strip()
        if match := _MASTER.search(line):
            found.append(SpawnLine("master", 0, int(match["pid"]), None, line))
        elif match := _WORKER.search(line):
            cores = int(match["cores"]) if match["cores"] else None
            found.append(SpawnLine("worker", int(match["n"]), int(match["pid"]), cores, line))
        elif match := _GATEWAY.search(line):
            found.append(SpawnLine(match["kind"], int(match["n"]), int(match["pid"]), None, line))
    return found


def app_lines(log: str) -> list[AppLine]:
    lines = []
    for line in log.splitlines():
        if match := _APP_LINE.match(line.strip()):
            lines.append(
                AppLine(int(match["pid"]), int(match["ppid"]), match["uri"], match["clock"], line.strip())
            )
    return lines


def thread_support_line(log: str) -> str | None:
    """uWSGI's own statement on Python thread support, verbatim, if it made one."""
    for line in log.splitlines():
        if _THREADS_ON in line or _THREADS_OFF in line:
            return line.strip()
    return None


def thread_support(log: str) -> bool | None:
    line = thread_support_line(log)
    return None if line is None else _THREADS_ON in line


def roles_by_pid(spawns: list[SpawnLine]) -> dict[int, SpawnLine]:
    """The latest spawn line for each pid (a respawned worker keeps its number)."""
    return {spawn.pid: spawn for spawn in spawns}
