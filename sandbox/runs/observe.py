"""Run a scenario and record what was observed: nothing here is ever read from a table.

The containers start first, and only what starting them needs is imported before: what a run
does once they are up (sandbox.runs.record) is imported while the engine starts them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from sandbox import idle_imports
from sandbox.containers.lab import LabStack
from sandbox.model.scenario import Scenario

if TYPE_CHECKING:
    from sandbox.model.observation import ScenarioObservation


def observe(
    scenario: Scenario,
    uwsgi_version: str,
    sleep: float,
    keep: bool = False,
    commands: Mapping[str, Sequence[str]] | None = None,
    as_root: bool = False,
) -> ScenarioObservation:
    may_exit = frozenset(variant.service for variant in scenario.variants if not variant.must_start)
    stack = LabStack(
        scenario.services, uwsgi_version=uwsgi_version, sleep=sleep, commands=commands, as_root=as_root,
        keep=keep, may_exit=may_exit, ready_on_enter=False,
    )  # fmt: skip
    idle_imports.wanted("sandbox.runs.record")
    with stack:  # started: record waits for them to be ready, having begun what can overlap that
        from sandbox.runs.record import record  # imported while the containers started

        return record(scenario, uwsgi_version, sleep, keep, stack)
