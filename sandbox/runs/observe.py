"""Run a scenario and record what was observed: nothing here is ever read from a table.

Order matters: the tree is probed at rest and the app thread's progress is measured while the
server is idle, both before any request; then the requests are fired; then the log is read
(spawn lines, the app's request lines).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from sandbox.analysis import uwsgi_log
from sandbox.containers import probe
from sandbox.containers.lab import LabContainer, LabStack
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.scenario import Scenario
from sandbox.runs import traffic
from sandbox.runs.measure import MEASUREMENTS
from sandbox.timing import timed


def observe(
    scenario: Scenario,
    uwsgi_version: str,
    sleep: float,
    keep: bool = False,
    commands: Mapping[str, Sequence[str]] | None = None,
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
                variant.label, variant.service, variant.part, labs[variant.service].name,
                tuple(labs[variant.service].command),
            )
            for variant in scenario.variants
        }  # fmt: skip
        with timed(timings, "probe"), ThreadPoolExecutor(max_workers=len(observations)) as pool:
            list(pool.map(lambda service: _probe(labs[service], observations[service]), observations))
        with timed(timings, "measure"):
            for name in scenario.measurements:
                MEASUREMENTS[name](labs, observations)
        with timed(timings, "traffic"):
            records = traffic.fire(
                {service: labs[service].container for service in observations},
                scenario.clients,
                timeout=sleep * sum(len(paths) for paths in scenario.clients) + 30,
            )
        with timed(timings, "logs"):
            for service, observation in observations.items():
                observation.requests = [record for record in records if record.target == service]
                observation.log = labs[service].logs()
                observation.spawn_lines = uwsgi_log.spawn_lines(observation.log)
                observation.app_lines = uwsgi_log.app_lines(observation.log)
    return ScenarioObservation(scenario, uwsgi_version, list(observations.values()), sleep, keep, timings)


def _probe(lab: LabContainer, observation: VariantObservation) -> None:
    observation.processes = probe.settled_snapshot(lab.container)
    observation.pstree = probe.pstree_text(lab.container)
