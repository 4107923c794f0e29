"""Every timing bound a judge decides by (sandbox/catalog/bounds.py) against the lab's captured
live runs: each is measured in every run of its scenarios, and no run comes closer to a bound
than MIN_MARGIN of it."""

from __future__ import annotations

import json

import pytest

from sandbox.catalog.bounds import MIN_MARGIN, TIMING_BOUNDS, TimingBound
from sandbox.output.json_run import observation_from_dict
from tests.unit.captured import RUNS

CASES = [
    (bound, path)
    for bound in TIMING_BOUNDS
    for scenario in bound.scenarios
    for path in sorted(RUNS.glob(f"{scenario}-*.json"))
]


@pytest.mark.parametrize(("bound", "path"), CASES, ids=[f"{b.claim}-{b.bound:g}-{p.stem}" for b, p in CASES])
def test_every_captured_run_keeps_its_margin_from_each_bound(bound: TimingBound, path):
    measured = bound.measure(observation_from_dict(json.loads(path.read_text())))
    assert measured, f"{path.name}: nothing measured for {bound.quantity}"
    too_close = [(label, round(value, 3)) for label, value in measured if bound.margin(value) < MIN_MARGIN]
    assert not too_close, f"{path.name}: within {MIN_MARGIN:.0%} of {bound.bound:g} {bound.unit}: {too_close}"


def test_every_scenario_named_by_a_bound_has_captured_runs_on_both_versions():
    for bound in TIMING_BOUNDS:
        for scenario in bound.scenarios:
            assert len(list(RUNS.glob(f"{scenario}-*.json"))) == 2, scenario


def test_the_closest_values_and_the_margin():
    bound = TIMING_BOUNDS[0]  # L1: 0.8 of the grace period
    assert bound.closest([0.26, 0.52, 1.02, 1.4]) == (0.52, 1.02)
    assert bound.closest([bound.bound]) == (None, bound.bound)  # the bound itself is at or over it
    assert bound.closest([]) == (None, None)
    assert bound.margin(1.0) == pytest.approx(0.25) and bound.margin(0.6) == pytest.approx(0.25)
