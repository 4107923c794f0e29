"""A scenario as plain data: which containers, which requests, which claim, what is expected."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.model.verdicts import Verdict
from sandbox.model.versions import version_matches


@dataclass(frozen=True)
class Variant:
    label: str
    service: str  # a service of compose.yaml
    part: str = "main"  # what this container stands for in the judge of its claim


@dataclass(frozen=True)
class Expected:
    versions: str  # "*", "<X" or ">=X"
    verdict: Verdict


@dataclass(frozen=True)
class Scenario:
    name: str
    claim: str  # C1..C8 (the article) or a lesson's id; also the name of its judge
    title: str
    statement: str  # what the source claims, in one sentence
    variants: tuple[Variant, ...]
    article_command: str = ""
    article_output: str = ""
    # Each client fires its paths one after another; all clients start at the same instant.
    clients: tuple[tuple[str, ...], ...] = ()
    # Extra observations by name (see sandbox.runs.observe), e.g. how far an app thread got while idle.
    measurements: tuple[str, ...] = ()
    # Fact checks by name (see sandbox.analysis.factcheck): where the live run corrects the source.
    fact_checks: tuple[str, ...] = ()
    # First match wins; a version no entry matches expects "cannot tell".
    expected: tuple[Expected, ...] = (Expected("*", Verdict.HOLDS),)

    @property
    def services(self) -> list[str]:
        return [variant.service for variant in self.variants]

    def expected_verdict(self, uwsgi_version: str) -> Verdict:
        for entry in self.expected:
            if version_matches(uwsgi_version, entry.versions):
                return entry.verdict
        return Verdict.CANNOT_TELL
