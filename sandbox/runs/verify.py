"""Replay claims live and judge them: every scenario on each version (`verify`), or verify
several times, bounded in count and time (`soak`). One scenario's run is runs/run.py."""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from sandbox.containers import images, lab, runner, signals
from sandbox.errors import BadOption
from sandbox.model.scenario import Scenario
from sandbox.runs.run import observe

if TYPE_CHECKING:  # imported with the judging, while a run's containers start
    from sandbox.model.judged import JudgedRun, SoakResult


def verify(
    versions: Sequence[str], scenarios: Sequence[Scenario], sleep: float, jobs: int = 1
) -> list[JudgedRun]:
    """Every scenario on every version, up to `jobs` at once (each with containers of its own);
    a scenario marked `alone` runs by itself afterwards. Results come in (version, scenario) order."""
    for version in versions:
        for scenario in scenarios:
            if scenario.expected_verdict(version) is None:
                raise BadOption(
                    f"scenario {scenario.name} states no expected verdict for uWSGI {version}",
                    "verify checks verdicts against the catalog's: add an entry to its `expected`",
                )
    from sandbox.analysis.judge import judge
    from sandbox.containers import cleanup

    for version in versions:
        images.ensure_for([service for scenario in scenarios for service in scenario.services], version)
    pairs = [(version, scenario) for version in versions for scenario in scenarios]
    runs: dict[tuple[str, str], JudgedRun] = {}
    started = time.monotonic()

    def replay_one(pair: tuple[str, Scenario]) -> None:
        version, scenario = pair
        what = f"{scenario.name} ({scenario.claim}) on uWSGI {version}"
        runner.note(f"· {what}")
        runs[version, scenario.name] = judge(observe(scenario, version, sleep))
        runner.step(f"[{len(runs)}/{len(pairs)}] {what}: done, {time.monotonic() - started:.0f} s in")

    together = [pair for pair in pairs if not pair[1].alone]
    if jobs > 1:
        _at_once(replay_one, together, jobs)
    for pair in pairs:
        if jobs <= 1 or pair[1].alone:  # in this thread: Ctrl-C stops it at once
            cleanup.wait_for_removals()  # a scenario judged on timing or load starts on a quiet engine
            replay_one(pair)
    return [runs[version, scenario.name] for version, scenario in pairs]


def _at_once(work, items: list, jobs: int) -> None:
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        list(pool.map(work, items))  # the first failure is raised here
    except signals.Interrupted:
        # The scenarios under way lose their containers now, so their threads end within moments.
        with signals.shielded():
            lab.remove_live_runs()
        raise
    except BaseException:
        runner.notice("stopping: no new scenario starts; those under way finish and remove their containers")
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def soak(
    versions: Sequence[str],
    scenarios: Sequence[Scenario],
    sleep: float,
    rounds: int,
    max_minutes: float,
    jobs: int = 1,
) -> tuple[SoakResult, list[JudgedRun]]:
    """Verify up to `rounds` times, starting no round after `max_minutes`; every run is returned too."""
    deadline = time.monotonic() + max_minutes * 60
    verdicts, every_run = [], []
    while len(verdicts) < rounds and time.monotonic() < deadline:
        judged = verify(versions, scenarios, sleep, jobs)
        every_run += judged
        verdicts.append(
            {(r.judgement.claim, r.observation.uwsgi_version): r.judgement.verdict for r in judged}
        )
        runner.notice(
            f"round {len(verdicts)}/{rounds}: {sum(r.as_expected for r in judged)}/{len(judged)} as expected"
        )
    from sandbox.model.judged import SoakResult

    return SoakResult(tuple(verdicts), rounds, all(run.as_expected for run in every_run)), every_run
