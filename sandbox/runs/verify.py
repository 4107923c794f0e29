"""Replay claims live and judge them: one scenario (`run`), every scenario on each version
(`verify`), or verify several times, bounded in count and time (`soak`)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from sandbox.analysis.judge import judge
from sandbox.containers import images, runner
from sandbox.model.judged import JudgedRun, SoakResult
from sandbox.model.scenario import Scenario
from sandbox.runs.observe import observe


def replay(
    scenario: Scenario, uwsgi_version: str, sleep: float, keep: bool = False, as_root: bool = False
) -> JudgedRun:
    images.ensure_image(uwsgi_version)
    return judge(observe(scenario, uwsgi_version, sleep, keep=keep, as_root=as_root))


def verify(versions: Sequence[str], scenarios: Sequence[Scenario], sleep: float) -> list[JudgedRun]:
    for version in versions:
        images.ensure_image(version)
    runs = []
    for version in versions:
        for scenario in scenarios:
            runner.note(f"· {scenario.name} ({scenario.claim}) on uWSGI {version}")
            runs.append(judge(observe(scenario, version, sleep)))
    return runs


def soak(
    versions: Sequence[str], scenarios: Sequence[Scenario], sleep: float, rounds: int, max_minutes: float
) -> tuple[SoakResult, list[JudgedRun]]:
    """Verify up to `rounds` times, starting no round after `max_minutes`; every run is returned too."""
    deadline = time.monotonic() + max_minutes * 60
    verdicts, every_run = [], []
    while len(verdicts) < rounds and time.monotonic() < deadline:
        judged = verify(versions, scenarios, sleep)
        every_run += judged
        verdicts.append(
            {(r.judgement.claim, r.observation.uwsgi_version): r.judgement.verdict for r in judged}
        )
        runner.notice(
            f"round {len(verdicts)}/{rounds}: {sum(r.as_expected for r in judged)}/{len(judged)} as expected"
        )
    return SoakResult(tuple(verdicts), rounds, all(run.as_expected for run in every_run)), every_run
