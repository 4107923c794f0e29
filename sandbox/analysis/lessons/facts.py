"""Fact checks of the lessons: where the live run corrects uWSGI's own docs."""

from __future__ import annotations

from sandbox.analysis.lessons.common import batch
from sandbox.analysis.lessons.l7_recycling import recycled
from sandbox.model.evidence import Fact
from sandbox.model.names import L7
from sandbox.model.observation import ScenarioObservation

DOCUMENTED_LIFETIME = 60  # uWSGI docs, Options page: "min-worker-lifetime ... (default is 60)"


def min_worker_lifetime_default(run: ScenarioObservation) -> list[Fact]:
    """The Options page says the default --min-worker-lifetime is 60 s; the run shows less."""
    variant = run.part(L7.DEFAULT)
    first, second = batch(variant, L7.FIRST), batch(variant, L7.SECOND)
    if (
        not (first and second and variant.ready_at)
        or recycled(variant, L7.FIRST)
        or not recycled(variant, L7.SECOND)
    ):
        return []
    held = max(record.client_start for _, record in first) - variant.ready_at
    done = max(record.client_end or record.client_start for _, record in second) - variant.ready_at
    if done >= DOCUMENTED_LIFETIME:
        return []
    return [
        Fact(
            "The Options page says --min-worker-lifetime defaults to {} s; live, uWSGI {} held recycling back at "
            "{:.0f} s and recycled the worker by {:.0f} s after it started, so the default lies in between "
            "(core/init.c sets 10; the option's help text said 60 until 2.0.25).",
            DOCUMENTED_LIFETIME, run.uwsgi_version, held, done,
        )
    ]  # fmt: skip
