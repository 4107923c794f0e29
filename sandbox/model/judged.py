"""A judged run: the observation, the judge's verdict with its evidence, the expected verdict."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.model.evidence import Fact
from sandbox.model.observation import RequestRecord, ScenarioObservation
from sandbox.model.verdicts import Verdict


@dataclass(frozen=True)
class Checked:
    """One condition a verdict needed, and what the run showed of it (analysis.policy): the
    judging laid open, so a reader (and a test) sees every condition, met or not."""

    side: str  # "given" (both sides need it), "holds" or "differs"
    what: Fact
    shown: bool | None  # True shown, False shown otherwise, None not observed
    part: str = ""  # the part's label, in a scenario of several parts


@dataclass(frozen=True)
class Finding:
    """What a judge found: a verdict, the one sentence a summary table shows, and the evidence."""

    verdict: Verdict
    summary: Fact
    evidence: tuple[Fact, ...]
    conditions: tuple[Checked, ...] = ()


@dataclass(frozen=True)
class Judgement:
    claim: str  # the scenario's claim id (C1..C8, or a lesson's)
    verdict: Verdict
    evidence: tuple[Fact, ...]
    summary: Fact
    conditions: tuple[Checked, ...] = ()


@dataclass(frozen=True)
class Unanswered:
    """A request that got no answer: what the client saw, and why when the log shows it."""

    variant: str
    record: RequestRecord
    cause: str
    reason: Fact | None


@dataclass
class JudgedRun:
    observation: ScenarioObservation
    judgement: Judgement | None  # None for `sandbox try`: no claim to check
    expected: Verdict | None
    unanswered: tuple[Unanswered, ...] = ()  # every request that got no answer

    @property
    def lost_unexpectedly(self) -> tuple[Unanswered, ...]:
        """Lost requests the scenario did not set out to lose: the lab failed to observe it."""
        expected = {
            step.label
            for step in self.observation.scenario.steps
            if getattr(step, "may_go_unanswered", False)
        }
        return tuple(lost for lost in self.unanswered if lost.record.batch not in expected)

    @property
    def as_expected(self) -> bool:
        return self.judgement is None or self.judgement.verdict == self.expected


@dataclass(frozen=True)
class SoakResult:
    """`verify` several times: each round's verdict per (claim, uWSGI version)."""

    rounds: tuple[dict[tuple[str, str], Verdict], ...]
    wanted: int  # rounds asked for (fewer ran when the time budget ran out)
    all_expected: bool

    @property
    def unstable(self) -> list[tuple[str, str]]:
        return (
            [key for key in self.rounds[0] if len({one.get(key) for one in self.rounds}) > 1]
            if self.rounds
            else []
        )

    @property
    def stable(self) -> bool:
        return len(self.rounds) >= 2 and not self.unstable and self.all_expected
