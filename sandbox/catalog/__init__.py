"""Every scenario the lab can run, as data. Adding a scenario is adding an entry (and its
services in compose.yaml); no code changes, but a judge for a new claim."""

from __future__ import annotations

import difflib

from sandbox.catalog.article import ARTICLE
from sandbox.catalog.lessons import LESSONS
from sandbox.errors import UnknownName
from sandbox.model.scenario import Scenario

__all__ = ["ARTICLE", "LESSONS", "SCENARIOS", "SETS", "find"]
SCENARIOS: tuple[Scenario, ...] = ARTICLE + LESSONS
BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}
# The sets `sandbox verify --set` chooses from.
SETS: dict[str, tuple[Scenario, ...]] = {"article": ARTICLE, "lessons": LESSONS, "all": SCENARIOS}


def find(name: str) -> Scenario:
    try:
        return BY_NAME[name]
    except KeyError:
        near = difflib.get_close_matches(name, BY_NAME, n=1)
        hint = f"did you mean '{near[0]}'?" if near else "see `sandbox list`"
        raise UnknownName(f"unknown scenario '{name}'", hint) from None
