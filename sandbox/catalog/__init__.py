"""Every scenario the lab can run, as data. Adding a scenario is adding an entry (and its
services in compose.yaml); no code changes, but a judge for a new claim.

Each scenario is checked against its judge when the catalog loads: the parts its variants play,
and the batches, looks, loads and watches its steps label, against the names the judge reads
(its READS). A name that drifted stops the lab at start, with the scenario and the name."""

from __future__ import annotations

import difflib

from sandbox.catalog.article import ARTICLE
from sandbox.catalog.lessons import LESSONS
from sandbox.errors import UnknownName
from sandbox.model.names import BY_CLAIM
from sandbox.model.scenario import Scenario
from sandbox.model.steps import Fire, Load, Look, Watch

__all__ = ["ARTICLE", "LESSONS", "SCENARIOS", "SETS", "checked", "find"]


class CatalogError(Exception):
    """A scenario names what its judge does not read, or lacks what it does: a bug, not bad input."""


def checked(scenarios: tuple[Scenario, ...]) -> tuple[Scenario, ...]:
    """The scenarios, once each agrees by name with its judge (else CatalogError)."""
    for scenario in scenarios:
        names = BY_CLAIM.get(scenario.claim)
        if names is None:
            raise CatalogError(
                f"scenario {scenario.name}: no names (model/names.py) for claim {scenario.claim!r}"
            )
        reads = names.READS
        parts = sorted(variant.part for variant in scenario.variants)
        if parts != sorted(reads.parts):
            raise CatalogError(
                f"scenario {scenario.name}: its variants play {parts}, its judge reads {sorted(reads.parts)}"
            )
        for kind, names in (
            (Fire, reads.batches),
            (Look, reads.looks),
            (Load, reads.loads),
            (Watch, reads.watches),
        ):
            missing = sorted(set(names) - scenario.labels(kind))
            if missing:
                raise CatalogError(
                    f"scenario {scenario.name}: its judge reads {kind.__name__} {missing}, which its steps never label"
                )
    return scenarios


SCENARIOS: tuple[Scenario, ...] = checked(ARTICLE + LESSONS)
BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}
BY_CLAIM_ID = {scenario.claim: scenario for scenario in SCENARIOS}
# The sets `sandbox verify --set` chooses from.
SETS: dict[str, tuple[Scenario, ...]] = {"article": ARTICLE, "lessons": LESSONS, "all": SCENARIOS}


def find(name: str) -> Scenario:
    """A scenario by its name (`threads`) or by the id of the claim or lesson it replays (`C4`,
    `l1`): the README names them both ways."""
    scenario = BY_NAME.get(name) or BY_CLAIM_ID.get(name.upper())
    if scenario is not None:
        return scenario
    near = difflib.get_close_matches(name.lower(), [*BY_NAME, *(i.lower() for i in BY_CLAIM_ID)], n=1)
    if near:
        found = BY_NAME.get(near[0]) or BY_CLAIM_ID[near[0].upper()]
        hint = f"did you mean '{found.name}' ({found.claim})? `sandbox list` shows them all"
    else:
        hint = "give a scenario name or a claim id: `sandbox list` shows them all"
    raise UnknownName(f"unknown scenario '{name}'", hint)
