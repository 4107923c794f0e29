"""Every judge, offline, on real captured runs (tests/data/runs, `make fixtures`), then on the same
runs bent one condition at a time (tests/unit/judging_cases.py): each condition of each verdict
is load-bearing, and a verdict comes only from positive evidence for it (else "cannot tell")."""

from __future__ import annotations

import json

import pytest

from sandbox import catalog
from sandbox.analysis.judge import judge
from sandbox.output.json_run import observation_from_dict
from sandbox.output.wording import Namer
from tests.unit.captured import CAPTURED
from tests.unit.judging_cases import CASES as ARTICLE_CASES
from tests.unit.lesson_cases import LESSON_CASES

CASES = ARTICLE_CASES + LESSON_CASES


def test_there_is_a_capture_of_every_scenario_on_both_versions():  # `make fixtures` makes them
    names = {path.stem for path in CAPTURED}
    assert names == {f"{s.name}-{v}" for s in catalog.SCENARIOS for v in ("2.0.31", "2.0.21")}


@pytest.mark.parametrize("path", CAPTURED, ids=lambda p: p.stem)
def test_offline_verdict_is_the_expected_one(path):
    data = json.loads(path.read_text())
    run = judge(observation_from_dict(data))
    assert run.judgement.verdict == catalog.find(data["scenario"]).expected_verdict(data["uwsgi_version"])
    assert run.judgement.claim == catalog.find(data["scenario"]).claim
    namer = Namer(run.observation)
    assert run.judgement.evidence and namer.fact(run.judgement.summary)
    assert all(namer.fact(fact) for fact in run.judgement.evidence)  # every hole fills


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_condition_decides_the_verdict(case):
    assert judge(observation_from_dict(case.data())).judgement.verdict == case.verdict
