"""What a run records once its containers are up: the order matters.

The first look at each tree is taken at rest and the app thread's progress is measured while
the server is idle, both before any request; then the scenario's steps run (for the article's
scenarios: its requests, fired together); then the log is read (spawn lines, the app's request
lines, each line's time). The first look runs in a `docker exec` started while the server
boots (inside/in_turn.py --on-go: its Python up and psutil imported), so it begins the moment
the log says ready; when a scenario is only a look and its requests, the requests follow in that
same exec (a Python start and an exec less per container).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from sandbox import idle_imports
from sandbox.analysis import uwsgi_log
from sandbox.analysis.command import parse as parse_command
from sandbox.analysis.readiness import threads_expected
from sandbox.containers import actions, inside, probe
from sandbox.containers.lab import LabContainer, LabStack
from sandbox.model.observation import Look, ScenarioObservation, VariantObservation
from sandbox.model.scenario import Scenario
from sandbox.model.steps import Fire
from sandbox.runs import traffic
from sandbox.runs.measure import MEASUREMENTS
from sandbox.runs.steps import StepRunner
from sandbox.timing import timed


def record(
    scenario: Scenario, uwsgi_version: str, sleep: float, keep: bool, stack: LabStack
) -> ScenarioObservation:
    """Everything observed in the containers of `stack`, started but not yet waited for."""
    timings, labs = stack.timings, stack.containers
    # The article's scenarios are a look and their requests: both in one exec. In any other
    # scenario the exec is the first look alone; its measurements and steps follow it.
    at_once = not scenario.steps and not scenario.measurements
    fire = next(iter(_requests(scenario, sleep)), None) if at_once else None
    primed: dict[str, inside.PrimedInTurn] = {}
    try:
        with timed(timings, "ready"):  # each container's exec starts while its server boots
            primed = {
                service: inside.PrimedInTurn(lab.container, _look_and_fire_jobs(lab, fire))
                for service, lab in labs.items()
                if lab.start_failure is None
            }
        stack.wait_ready()
        observations = {
            variant.service: VariantObservation(
                variant.label, variant.service, variant.part, labs[variant.service].name,
                tuple(labs[variant.service].command), started=labs[variant.service].start_failure is None,
                ready_at=labs[variant.service].ready_at,
            )
            for variant in scenario.variants
        }  # fmt: skip
        running = [service for service, observation in observations.items() if observation.started]
        _look_and_fire_each(fire, primed, observations, running, timings)
        if not at_once:
            _measure_then_steps(scenario, sleep, labs, observations, running, timings)
    finally:
        for one in primed.values():
            one.close()
    with timed(timings, "logs"):
        _each(list(observations), lambda service: _read_log(labs[service], observations[service]))
    return ScenarioObservation(scenario, uwsgi_version, list(observations.values()), sleep, keep, timings)


def _look_and_fire_each(fire: Fire | None, primed, observations, running: list[str], timings: dict) -> None:
    """Each container's exec: a first look at its tree, then, for the article's scenarios, their
    requests, nothing between."""
    with timed(timings, "traffic"), _last_wait(fire is not None):
        looked = _each(running, lambda service: _look_and_fire(primed[service], observations[service], fire))
    # The exec's time, split: the look as the container timed it, and all the rest.
    timings["probe"] = max(looked, default=0.0)
    timings["traffic"] -= timings["probe"]
    timings.setdefault("measure", 0.0)  # the JSON keeps every phase


def _measure_then_steps(
    scenario: Scenario, sleep: float, labs, observations, running: list[str], timings: dict
) -> None:
    """After the first look: the scenario's measurements at rest, then its steps."""
    with timed(timings, "measure"):
        for name in scenario.measurements:
            MEASUREMENTS[name]({s: labs[s] for s in running}, {s: observations[s] for s in running})
    with timed(timings, "traffic"), _last_wait(True):
        sequence = scenario.steps or _requests(scenario, sleep)
        _each(running, lambda service: StepRunner(labs[service], observations[service]).run(sequence))


@contextmanager
def _last_wait(requests_sent: bool) -> Iterator[None]:
    """While the requests run, the controller only waits: what the command needs once the run
    is over is imported then. Never beside a measurement, which it would slow; beside the look
    that opens an article scenario's exec, it costs that look about 0.01 s (measured)."""
    if requests_sent:
        idle_imports.engine_busy(last=True)
    try:
        yield
    finally:
        idle_imports.finished()


def _requests(scenario: Scenario, sleep: float) -> tuple[Fire, ...]:
    """The article's scenarios: their clients, all at once; a request waits out every sleep before it."""
    if not scenario.clients:
        return ()
    return (Fire(scenario.clients, timeout=sleep * sum(len(paths) for paths in scenario.clients) + 30),)


def _each(services: list[str], work) -> list:
    """Do `work` for every container at once (they are independent); the first error is raised."""
    if not services:
        return []
    with ThreadPoolExecutor(max_workers=len(services)) as pool:
        return list(pool.map(work, services))


def _threads_at_start(lab: LabContainer) -> tuple[int, int]:
    """What the first look waits for besides a settled tree: every worker running its threads."""
    return threads_expected(parse_command(lab.command))


def _look_and_fire_jobs(lab: LabContainer, fire: Fire | None) -> list[tuple[str, list[str]]]:
    look = ("proc_tree.py", probe.args(threaded=_threads_at_start(lab)))
    if fire is None:
        return [look]
    return [look, ("http_client.py", traffic.fire_args(fire.clients, fire.timeout))]


def _look_and_fire(primed: inside.PrimedInTurn, observation: VariantObservation, fire: Fire | None) -> float:
    """The first look and then the requests, in one `docker exec`; returns how long the look took."""
    (looked, look_seconds), *fired = primed.run()
    _keep_first_look(observation, probe.look_from(looked, "start"))
    for answers, _ in fired:
        observation.requests += traffic.records(answers, observation.service, fire.label)
    return look_seconds


def _keep_first_look(observation: VariantObservation, first: Look) -> None:
    observation.processes, observation.pstree = list(first.processes), first.pstree
    observation.facts, observation.looked_at = first.facts, first.at


def _read_log(lab: LabContainer, observation: VariantObservation) -> None:
    observation.log_times = actions.timed_log(lab.container)
    observation.log = "\n".join(text for _, text in observation.log_times) + "\n"
    observation.spawn_lines = uwsgi_log.spawn_lines(observation.log)
    observation.app_lines = uwsgi_log.app_lines(observation.log)
    observation.exit_code = actions.exit_code(lab.container)
