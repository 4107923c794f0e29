"""Run a scenario's steps (model/steps.py) against one container, recording what each saw.

Steps run in order; requests fired in the background go on while the next steps run, and are
collected by AwaitRequests (and in any case before the run ends). Every wait is bounded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from sandbox.analysis import uwsgi_log
from sandbox.containers import actions, probe, signals
from sandbox.containers.beside import Beside
from sandbox.containers.lab import LabContainer
from sandbox.errors import ExecFailed
from sandbox.model import steps
from sandbox.model.observation import Killed, Look, RanOut, RequestRecord, VariantDraft, Wait
from sandbox.runs import traffic
from sandbox.runs.load import closed_loop

POLL = 0.1  # s between two reads of the log while waiting for a line
WATCH_SETTLE = 0.3  # s a watching look may spend letting the tree settle


def unsettled(look: Look, bound: float) -> list[RanOut]:
    """A look whose tree still changed at its deadline, as a wait that ran out."""
    return (
        []
        if look.settled
        else [RanOut(Wait.SETTLED_TREE, look.label, bound, "two reads of the tree still differed")]
    )


def missing(step: steps.Fire, records: list[RequestRecord]) -> list[RanOut]:
    """A Fire step whose requests were not all recorded (clients still running at its deadline)."""
    sent = sum(len(paths) for paths in step.clients)
    if len(records) >= sent:
        return []
    return [
        RanOut(Wait.REQUESTS, step.label, fire_bound(step), f"{len(records)} of {sent} requests recorded")
    ]


def fire_bound(step: steps.Fire) -> float:
    """How long a Fire step's requests may take: each waits out its timeout, one after another."""
    return step.timeout * max(len(paths) for paths in step.clients) + 30


class StepRunner:
    def __init__(self, lab: LabContainer, observation: VariantDraft) -> None:
        self.lab, self.observation = lab, observation
        self.pool = ThreadPoolExecutor(max_workers=4)
        self.in_flight: list[tuple[steps.Fire, Future | Beside]] = []

    def run(self, sequence: tuple[steps.Step, ...]) -> None:
        with signals.owned(self.pool):
            for step in sequence:
                HANDLERS[type(step)](self, step)
            self.await_requests(steps.AwaitRequests())

    def fire(self, step: steps.Fire) -> None:
        service = self.observation.service
        if step.beside:
            handle: Future | Beside = traffic.fire_beside(
                self.lab.container, step.clients, step.timeout, step.endpoint
            )
        else:
            handle = self.pool.submit(
                traffic.fire_in,
                self.lab.container,
                service,
                step.clients,
                step.timeout,
                step.endpoint,
                step.label,
            )
        self.in_flight.append((step, handle))
        if not step.background:
            self.await_requests(steps.AwaitRequests())

    def await_requests(self, _: steps.AwaitRequests) -> None:
        service = self.observation.service
        for step, handle in self.in_flight:
            bound = fire_bound(step)
            if isinstance(handle, Beside):
                records = traffic.records_of(handle, service, bound, step.label)
            else:
                records = handle.result(timeout=bound)
            self.observation.requests += records
            self.observation.ran_out += missing(step, records)
        self.in_flight = []

    def wait_for_log(self, step: steps.WaitForLog) -> None:
        deadline = time.monotonic() + step.timeout
        while (seen := self.lab.logs().count(step.text)) < step.count:
            if time.monotonic() >= deadline:
                detail = f"{seen} of {step.count} such line(s) by then"
                self.observation.ran_out.append(RanOut(Wait.LOG_LINE, step.text, step.timeout, detail))
                return
            time.sleep(POLL)

    def pause(self, step: steps.Pause) -> None:
        start = self.lab.ready_at if step.since_ready and self.lab.ready_at else time.time()
        time.sleep(max(0.0, start + step.seconds - time.time()))

    def look(self, step: steps.Look) -> None:
        look = probe.look(self.lab.container, step.label, settle=probe.SETTLE)
        self.observation.looks.append(look)
        self.observation.ran_out += unsettled(look, probe.SETTLE)

    def watch(self, step: steps.Watch) -> None:
        deadline = time.monotonic() + step.seconds
        for number in range(int(step.seconds / step.every) + 1):
            due = time.monotonic()
            self.observation.looks.append(
                probe.look(
                    self.lab.container, f"{step.label}-{number}", settle=WATCH_SETTLE, show=number == 0
                )
            )
            if due + step.every > deadline:
                return
            time.sleep(max(0.0, due + step.every - time.monotonic()))

    def kill(self, step: steps.Kill) -> None:
        current = probe.look(self.lab.container, "before kill", show=False)
        spawns = uwsgi_log.spawn_lines(self.lab.logs())
        latest = uwsgi_log.latest_spawn_by_pid(spawns)
        pid = next(
            (p.pid for p in current.processes if p.pid in latest and latest[p.pid].role == step.role), None
        )
        if pid is None:
            raise ExecFailed(f"{self.observation.service}: no live process plays {step.role} to signal")
        actions.signal(self.lab.container, pid, step.signal)
        self.observation.killed.append(Killed(pid, step.role, step.signal, time.time()))

    def stop(self, step: steps.Stop) -> None:
        before = len(self.lab.logs().splitlines())
        self.observation.stopped = actions.stop(self.lab.container, step.grace, log_lines=before)

    def load(self, step: steps.Load) -> None:
        result = closed_loop(
            self.lab.container,
            step.path,
            step.concurrency,
            step.seconds,
            warmup=0,
            max_requests=step.requests,
        )
        self.observation.loads[step.label] = result
        sent, wanted = result.completed + result.errors, step.requests * step.concurrency
        if sent < wanted:
            detail = f"{sent} of {wanted} requests sent by then"
            self.observation.ran_out.append(RanOut(Wait.LOAD, step.label, step.seconds, detail))


HANDLERS: dict[type, Callable[[StepRunner, object], None]] = {
    steps.Fire: StepRunner.fire,
    steps.AwaitRequests: StepRunner.await_requests,
    steps.WaitForLog: StepRunner.wait_for_log,
    steps.Pause: StepRunner.pause,
    steps.Look: StepRunner.look,
    steps.Watch: StepRunner.watch,
    steps.Kill: StepRunner.kill,
    steps.Stop: StepRunner.stop,
    steps.Load: StepRunner.load,
}
