"""Judge a whole run: its claim's verdict with evidence, the verdict expected for its uWSGI
version, and every request that got no answer."""

from __future__ import annotations

from sandbox.analysis import claims, failures, lessons
from sandbox.model.judged import JudgedRun, Judgement
from sandbox.model.observation import ScenarioObservation

JUDGES = {**claims.JUDGES, **lessons.JUDGES}


def judge(observation: ScenarioObservation) -> JudgedRun:
    scenario = observation.scenario
    lost = tuple(lost for variant in observation.variants for lost in failures.unanswered(variant))
    if not scenario.claim:  # `sandbox try`: an observation, no claim
        return JudgedRun(observation, None, None, lost)
    found = JUDGES[scenario.claim](observation)
    judgement = Judgement(scenario.claim, found.verdict, found.evidence, found.summary)
    return JudgedRun(observation, judgement, scenario.expected_verdict(observation.uwsgi_version), lost)
