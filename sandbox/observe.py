"""Run a scenario and record what was observed: nothing here is ever read from a table.

Order matters: the tree is probed at rest and the app thread's progress is measured while the
server is idle, both before any request; then the requests are fired; then the log is read
(spawn lines, the app's request lines).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sandbox import inside, probe, traffic, uwsgi_log
from sandbox.catalog import Scenario
from sandbox.lab import LabContainer, LabStack
from sandbox.probe import ProcessSnapshot
from sandbox.timing import timed
from sandbox.traffic import RequestRecord
from sandbox.uwsgi_log import AppLine, SpawnLine

IDLE_SECONDS = 2.0  # how long the ticker thread is watched while nothing is requested


@dataclass
class VariantObservation:
    label: str
    service: str
    container: str
    command: list[str]
    log: str = ""
    spawn_lines: list[SpawnLine] = field(default_factory=list)
    pstree: str = ""
    processes: list[ProcessSnapshot] = field(default_factory=list)
    requests: list[RequestRecord] = field(default_factory=list)
    app_lines: list[AppLine] = field(default_factory=list)
    measurements: dict = field(default_factory=dict)

    def by_role(self, role: str) -> list[ProcessSnapshot]:
        return [proc for proc in self.processes if proc.role == role]

    @property
    def workers(self) -> list[ProcessSnapshot]:
        return sorted((p for p in self.processes if p.role.startswith("worker")), key=lambda p: p.role)

    @property
    def routers(self) -> list[ProcessSnapshot]:
        return [p for p in self.processes if p.role.endswith("router")]


@dataclass
class ScenarioObservation:
    scenario: Scenario
    uwsgi_version: str
    variants: list[VariantObservation]
    sleep: float
    kept: bool = False
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase

    def variant(self, service: str) -> VariantObservation:
        return next(v for v in self.variants if v.service == service)


def assign_roles(processes: list[ProcessSnapshot], spawns: list[SpawnLine]) -> None:
    """Name each process from uWSGI's own spawn lines; a pid no line names stays "unknown"."""
    by_pid = uwsgi_log.roles_by_pid(spawns)
    for proc in processes:
        spawn = by_pid.get(proc.pid)
        if spawn is not None:
            proc.role, proc.cores = spawn.label, spawn.cores


_TICKER_FILES = re.compile(r"^/tmp/ticker-(?P<thread>thread-)?(?P<pid>\d+) (?P<value>\d+)", re.M)


def _ticker_files(lab: LabContainer) -> tuple[dict[int, int], dict[int, int]]:
    """(pid -> ticks, pid -> tid of the app's own thread), from the files the ticker app writes."""
    text = inside.exec_text(
        lab.container, ["sh", "-c", 'for f in /tmp/ticker-*; do echo "$f $(cat "$f")"; done'], show=False
    )
    ticks, threads = {}, {}
    for match in _TICKER_FILES.finditer(text):
        target = threads if match["thread"] else ticks
        target[int(match["pid"])] = int(match["value"])
    return ticks, threads


def measure_ticker_progress(
    labs: dict[str, LabContainer], observations: dict[str, VariantObservation]
) -> None:
    """How many ticks the app's own thread made in IDLE_SECONDS with no request in flight."""
    before = {service: _ticker_files(lab)[0] for service, lab in labs.items()}
    started = time.monotonic()
    time.sleep(IDLE_SECONDS)
    after = {service: _ticker_files(lab) for service, lab in labs.items()}
    elapsed = time.monotonic() - started
    for service, observation in observations.items():
        ticks, threads = after[service]
        observation.measurements["ticker"] = {
            "idle_seconds": round(elapsed, 3),
            "ticks_before": before[service],
            "ticks_after": ticks,
            "advanced": {pid: ticks[pid] - before[service].get(pid, 0) for pid in ticks},
            "app_threads": threads,
        }


MEASUREMENTS: dict[str, Callable[[dict[str, LabContainer], dict[str, VariantObservation]], None]] = {
    "ticker_progress": measure_ticker_progress,
}


def observe(
    scenario: Scenario,
    uwsgi_version: str,
    sleep: float,
    keep: bool = False,
    commands: dict[str, list[str]] | None = None,
    as_root: bool = False,
) -> ScenarioObservation:
    stack = LabStack(
        scenario.services,
        uwsgi_version=uwsgi_version,
        sleep=sleep,
        commands=commands,
        as_root=as_root,
        keep=keep,
    )
    timings = stack.timings
    with stack:
        labs = stack.containers
        observations = {
            variant.service: VariantObservation(
                variant.label, variant.service, labs[variant.service].name, labs[variant.service].command
            )
            for variant in scenario.variants
        }
        with timed(timings, "probe"), ThreadPoolExecutor(max_workers=len(observations)) as pool:
            list(pool.map(lambda service: _probe(labs[service], observations[service]), observations))
        with timed(timings, "measure"):
            for name in scenario.measurements:
                MEASUREMENTS[name](labs, observations)
        with timed(timings, "traffic"):
            records = traffic.fire(
                {service: labs[service].container for service in observations},
                scenario.clients,
                timeout=sleep * _requests_per_container(scenario) + 30,
            )
        with timed(timings, "logs"):
            for service, observation in observations.items():
                observation.requests = [record for record in records if record.target == service]
                observation.log = labs[service].logs()
                observation.spawn_lines = uwsgi_log.spawn_lines(observation.log)
                observation.app_lines = uwsgi_log.app_lines(observation.log)
                assign_roles(observation.processes, observation.spawn_lines)
    return ScenarioObservation(scenario, uwsgi_version, list(observations.values()), sleep, keep, timings)


def _probe(lab: LabContainer, observation: VariantObservation) -> None:
    observation.processes = probe.settled_snapshot(lab.container)
    observation.pstree = probe.pstree_text(lab.container)


def _requests_per_container(scenario: Scenario) -> int:
    return sum(len(paths) for paths in scenario.clients)
