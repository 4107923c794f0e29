"""Judge a whole run: its claim's verdict with evidence, the verdict expected for its uWSGI
version, and every request that got no answer.

A run in which a wait ran out (a log line that never came, a tree that never settled, requests
never recorded) is judged on part of what it should show: whatever its judge found, the
verdict is "cannot tell", and the evidence says which wait ran out."""

from __future__ import annotations

from sandbox.analysis import claims, failures, lessons
from sandbox.model.evidence import Fact
from sandbox.model.judged import Finding, JudgedRun, Judgement
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.verdicts import Verdict

JUDGES = {**claims.JUDGES, **lessons.JUDGES}


def ran_out(variant: VariantObservation) -> list[Fact]:
    return [
        Fact("{}: the wait for {} `{}` ran out after {:g} s ({})", variant.label, r.wait.value, r.label, r.seconds, r.detail or "-")
        for r in variant.ran_out
    ]  # fmt: skip


def judge(observation: ScenarioObservation) -> JudgedRun:
    scenario = observation.scenario
    lost = tuple(lost for variant in observation.variants for lost in failures.unanswered(variant))
    if not scenario.claim:  # `sandbox try`: an observation, no claim
        return JudgedRun(observation, None, None, lost)
    found = JUDGES[scenario.claim].judge(observation)
    waits = [fact for variant in observation.variants for fact in ran_out(variant)]
    if waits:
        summary = Fact("{}; but a wait ran out, so this is part of what the run should show", found.summary)
        found = Finding(Verdict.CANNOT_TELL, summary, (*found.evidence, *waits), found.conditions)
    judgement = Judgement(scenario.claim, found.verdict, found.evidence, found.summary, found.conditions)
    return JudgedRun(observation, judgement, scenario.expected_verdict(observation.uwsgi_version), lost)
