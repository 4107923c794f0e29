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
    busy_cores: int = 0,
    sweep_servers: Sequence[str] = (),
) -> tuple[SoakResult, list[JudgedRun]]:
    """Verify up to `rounds` times, starting no round after `max_minutes`; every run is returned too.
    Each round also checks the article's conclusion on the sweep's four cells per server in
    `sweep_servers`; with `busy_cores`, bounded busy loops keep that many cores taken throughout."""
    from sandbox.analysis.sweep import gil_verdict
    from sandbox.model.verdicts import Verdict
    from sandbox.runs import busy, sweep

    deadline = time.monotonic() + max_minutes * 60
    bases = sweep.base_commands(sweep_servers) if sweep_servers else {}
    verdicts, every_run, sweeps_as_expected = [], [], True
    if busy_cores:
        runner.notice(f"{busy_cores} core(s) kept busy by a spinning process for the whole soak")
    # The loops end on their own at most 15 minutes after the last round may start.
    with busy.busy_cores(busy_cores, max_minutes * 60 + 900):
        while len(verdicts) < rounds and time.monotonic() < deadline:
            judged = verify(versions, scenarios, sleep, jobs)
            every_run += judged
            found = {(r.judgement.claim, r.observation.uwsgi_version): r.judgement.verdict for r in judged}
            said = []
            for server in sweep_servers:
                _, checks = sweep.gil_lesson(server, bases[server])
                verdict = gil_verdict(checks)
                found[(f"GIL ({server} sweep)", sweep.server_version(server))] = verdict
                sweeps_as_expected &= verdict is not Verdict.DIFFERS
                said.append(f"{server} {verdict.value}")
                for check in checks:
                    if check.shown is not True:
                        runner.notice(f"  sweep {server}: {check.words}")
            verdicts.append(found)
            runner.notice(
                f"round {len(verdicts)}/{rounds}: {sum(r.as_expected for r in judged)}/{len(judged)} as expected"
                + (f"; the article's conclusion on the sweep: {', '.join(said)}" if said else "")
            )
    from sandbox.model.judged import SoakResult

    expected = all(run.as_expected for run in every_run) and sweeps_as_expected
    return SoakResult(tuple(verdicts), rounds, expected), every_run
