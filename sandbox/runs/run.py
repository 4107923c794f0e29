"""One run of a scenario, top to bottom: each phase a named function handing the next a value.

    start       every container of the scenario created and started (containers.lab.LabStack)
    ready       uWSGI says so in each log; one that may not start says why instead
    first look  each tree at rest: processes, threads, memory, the apps' facts (in the container)
    measures    what the scenario measures while the servers sit idle (C6: the app thread)
    steps       the requests, sent from inside each container; or the lesson's steps
    logs        each container's log, read once it is all over
    -> the observation; judge (analysis.judge: verdict and evidence, pure); the command renders
    removal     always, on success, error or Ctrl-C (LabStack's exit)

Nothing here is ever read from a table. Every wait is bounded; one that runs out is recorded in
the observation (`ran_out`), and its verdict is "cannot tell".

Speed tricks (sandbox/speed.py, one seam each): what a phase imports, it imports inside itself,
and `idle_imports` imports those modules while the engine starts the containers (AFTER_THE_START,
the one list); the first look's exec is primed while uWSGI boots; an article scenario's requests
follow the look in that same exec.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sandbox import idle_imports, speed
from sandbox.containers.lab import LabStack
from sandbox.model.scenario import Scenario
from sandbox.model.steps import Fire
from sandbox.timing import timed

if TYPE_CHECKING:  # imported while the containers start (AFTER_THE_START)
    from sandbox.model.judged import JudgedRun
    from sandbox.model.observation import Look, ScenarioObservation, VariantDraft

# What the phases after the start import, imported while the engine starts the containers...
AFTER_THE_START = (
    "sandbox.containers.readiness",
    "sandbox.containers.inside",
    "sandbox.containers.probe",
    "sandbox.containers.actions",
    "sandbox.analysis.uwsgi_log",
    "sandbox.analysis.readiness",
    "sandbox.model.observation",
    "sandbox.runs.traffic",
    "sandbox.runs.steps",
    "sandbox.runs.measure",
)
# ...and what only the end needs (judging, rendering), while the requests run.
AT_THE_END = ("sandbox.analysis.judge", "sandbox.output.show")


def replay(
    scenario: Scenario, uwsgi_version: str, sleep: float, keep: bool = False, as_root: bool = False,
    commands: Mapping[str, Sequence[str]] | None = None,
) -> JudgedRun:  # fmt: skip
    """`sandbox run` (and `try`, with its own `commands`): the scenario observed, then judged."""
    idle_imports.wanted(*AT_THE_END, for_the_end=True)
    observation = observe(scenario, uwsgi_version, sleep, keep=keep, commands=commands, as_root=as_root)
    idle_imports.finished()
    from sandbox.analysis.judge import judge

    return judge(observation)


def observe(
    scenario: Scenario, uwsgi_version: str, sleep: float, keep: bool = False,
    commands: Mapping[str, Sequence[str]] | None = None, as_root: bool = False,
) -> ScenarioObservation:  # fmt: skip
    """Every phase of one run, in order; the containers are removed whatever happens."""
    idle_imports.wanted(*AFTER_THE_START)
    with start(scenario, uwsgi_version, sleep, keep, commands, as_root) as stack:
        fire = _fired_with_the_look(scenario, sleep)
        primed = {}
        try:
            primed = prime(stack, fire) if speed.on("primed-exec") else {}
            observations = ready(scenario, stack)
            running = [service for service, observed in observations.items() if observed.started]
            primed = primed or prime(stack, fire, running)
            first_look(stack, primed, observations, running, fire)
            if fire is None:
                measures(scenario, stack, observations, running)
                steps(scenario, sleep, stack, observations, running)
        finally:
            for one in primed.values():
                one.close()
        logs(stack, observations)
    from sandbox.model.observation import ScenarioObservation

    observed = tuple(draft.observed() for draft in observations.values())
    return ScenarioObservation(scenario, uwsgi_version, observed, sleep, keep, stack.timings)


def start(
    scenario: Scenario, uwsgi_version: str, sleep: float, keep: bool,
    commands: Mapping[str, Sequence[str]] | None, as_root: bool,
) -> LabStack:  # fmt: skip
    """The scenario's containers, created and started on entering (not yet waited for)."""
    may_exit = frozenset(variant.service for variant in scenario.variants if not variant.must_start)
    return LabStack(
        scenario.services, uwsgi_version=uwsgi_version, sleep=sleep, commands=commands, as_root=as_root,
        keep=keep, may_exit=may_exit, ready_on_enter=False,
    )  # fmt: skip


def prime(stack: LabStack, fire: Fire | None, services: Sequence[str] | None = None) -> dict:
    """Each container's first-look exec, started now (while uWSGI boots, unless primed-exec is
    off: then once it is ready) and run on `go`."""
    from sandbox.containers import inside

    labs = stack.containers
    chosen = [s for s, lab in labs.items() if lab.start_failure is None] if services is None else services
    with _timed(stack, "ready"):
        return {
            service: inside.PrimedInTurn(labs[service].container, _jobs(labs[service], fire))
            for service in chosen
        }


def ready(scenario: Scenario, stack: LabStack) -> dict[str, VariantDraft]:
    """Until each container's log says it is ready (or why it never will be): one observation
    per container, to fill in."""
    from sandbox.model.observation import VariantDraft

    stack.wait_ready()
    labs = stack.containers
    return {
        variant.service: VariantDraft(
            variant.label, variant.service, variant.part, labs[variant.service].name,
            tuple(labs[variant.service].command), started=labs[variant.service].start_failure is None,
            ready_at=labs[variant.service].ready_at,
        )
        for variant in scenario.variants
    }  # fmt: skip


def first_look(
    stack: LabStack, primed: dict, observations: dict, running: list[str], fire: Fire | None
) -> None:
    """Each tree at rest, from the primed exec; for an article scenario, its requests follow in it."""
    from sandbox.containers import probe
    from sandbox.runs import traffic
    from sandbox.runs.steps import missing, unsettled

    def look_and_fire(service: str) -> float:
        observation = observations[service]
        (looked, look_seconds), *fired = primed[service].run()
        look = probe.look_from(looked, "start")
        _keep_first_look(observation, look)
        observation.ran_out += unsettled(look, probe.SETTLE)
        for answers, _ in fired:
            records = traffic.records(answers, observation.service, fire.label)
            observation.requests += records
            observation.ran_out += missing(fire, records)
        return look_seconds

    timings = stack.timings
    with _timed(stack, "traffic"), _last_wait(fire is not None):
        looked = _each(running, look_and_fire)
    # The exec's time, split: the look as the container timed it, and all the rest.
    timings["probe"] = max(looked, default=0.0)
    timings["traffic"] -= timings["probe"]
    timings.setdefault("measure", 0.0)  # the JSON keeps every phase
    if fire is not None and not speed.on("one-exec"):  # the requests in an exec of their own
        with _timed(stack, "traffic"), _last_wait(True):
            _each(running, lambda service: _fire_alone(stack, observations[service], fire))


def measures(scenario: Scenario, stack: LabStack, observations: dict, running: list[str]) -> None:
    """What the scenario measures while the servers sit idle, before any request."""
    from sandbox.runs.measure import MEASUREMENTS

    with _timed(stack, "measure"):
        for name in scenario.measurements:
            MEASUREMENTS[name](
                {s: stack.containers[s] for s in running}, {s: observations[s] for s in running}
            )


def steps(scenario: Scenario, sleep: float, stack: LabStack, observations: dict, running: list[str]) -> None:
    """The lesson's steps, or the scenario's requests, in every container at once."""
    from sandbox.runs.steps import StepRunner

    sequence = scenario.steps or _requests(scenario, sleep)
    with _timed(stack, "traffic"), _last_wait(True):
        _each(
            running,
            lambda service: StepRunner(stack.containers[service], observations[service]).run(sequence),
        )


def logs(stack: LabStack, observations: dict) -> None:
    """Each container's log, once everything is over: spawn lines, request lines, their times."""
    from sandbox.analysis import uwsgi_log
    from sandbox.containers import actions

    def read(service: str) -> None:
        lab, observation = stack.containers[service], observations[service]
        observation.log_times = actions.timed_log(lab.container)
        observation.log = "\n".join(text for _, text in observation.log_times) + "\n"
        observation.spawn_lines = uwsgi_log.spawn_lines(observation.log)
        observation.app_lines = uwsgi_log.app_lines(observation.log)
        observation.exit_code = actions.exit_code(lab.container)

    with _timed(stack, "logs"):
        _each(list(observations), read)


# What the phases share -----------------------------------------------------------------------


def _requests(scenario: Scenario, sleep: float) -> tuple[Fire, ...]:
    """The article's scenarios: their clients, all at once; a request waits out every sleep before it."""
    if not scenario.clients:
        return ()
    timeout = sleep * sum(len(paths) for paths in scenario.clients) + 30
    return (Fire(scenario.clients, timeout=timeout, endpoint=scenario.endpoint),)


def _fired_with_the_look(scenario: Scenario, sleep: float) -> Fire | None:
    """An article scenario is a look and its requests: those go in the look's exec (one-exec)."""
    if scenario.steps or scenario.measurements:
        return None
    return next(iter(_requests(scenario, sleep)), None)


def _jobs(lab, fire: Fire | None) -> list[tuple[str, list[str]]]:
    from sandbox.analysis.command import parse
    from sandbox.analysis.readiness import threads_expected
    from sandbox.containers import probe
    from sandbox.runs import traffic

    # Besides a settled tree, the look waits for every worker to run its threads.
    look = ("proc_tree.py", probe.args(threaded=threads_expected(parse(lab.command))))
    if fire is None or not speed.on("one-exec"):
        return [look]
    return [look, ("http_client.py", traffic.fire_args(fire.clients, fire.timeout, fire.endpoint))]


def _fire_alone(stack: LabStack, observation: VariantDraft, fire: Fire) -> None:
    from sandbox.runs import traffic
    from sandbox.runs.steps import missing

    records = traffic.fire_in(stack.containers[observation.service].container, observation.service,
                              fire.clients, fire.timeout, fire.endpoint, fire.label)  # fmt: skip
    observation.requests += records
    observation.ran_out += missing(fire, records)


def _keep_first_look(observation: VariantDraft, look: Look) -> None:
    observation.processes, observation.pstree = list(look.processes), look.pstree
    observation.facts, observation.looked_at = look.facts, look.at


def _each(services: list[str], work) -> list:
    """Do `work` for every container at once (they are independent); the first error is raised."""
    from sandbox.containers import signals

    if not services:
        return []
    with signals.pool(len(services)) as pool:
        return list(pool.map(work, services))


def _timed(stack: LabStack, phase: str):
    return timed(stack.timings, phase)


@contextmanager
def _last_wait(requests_sent: bool) -> Iterator[None]:
    """While the requests run, the controller only waits: what the command needs once the run
    is over is imported then (idle-imports). Never beside a measurement, which it would slow."""
    if requests_sent:
        idle_imports.engine_busy(last=True)
    try:
        yield
    finally:
        idle_imports.finished()
