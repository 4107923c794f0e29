"""A scenario as plain data: which containers, which requests, which claim, what is expected."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.model.steps import ARTICLE_BATCH, LAB_HTTP, Endpoint, Fire, Step
from sandbox.model.verdicts import Verdict
from sandbox.model.versions import version_matches

MAIN = "main"  # the part of a scenario's only container


@dataclass(frozen=True)
class Variant:
    label: str
    service: str  # a service of compose.yaml
    part: str = MAIN  # what this container stands for in the judge of its claim (its READS.parts)
    # False: the container may exit before it is ready (an option a version does not know, a
    # limit uWSGI refuses): that is then the observation, not a failure of the lab.
    must_start: bool = True


@dataclass(frozen=True)
class Reads:
    """What a claim's judge reads of its scenario, by name: the parts its variants play, the
    batches of requests, the looks and the loads. The catalog is checked against it when it
    loads, so a name that drifted is an error at start, never a branch a judge falls into."""

    parts: tuple[str, ...]
    batches: tuple[str, ...] = ()
    looks: tuple[str, ...] = ()
    loads: tuple[str, ...] = ()
    watches: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expected:
    versions: str  # "*", "<X" or ">=X"
    verdict: Verdict


@dataclass(frozen=True)
class YourConfig:
    """`try --config`: what uWSGI itself resolved of a user's files and UWSGI_* variables, and
    each option the lab replaced, neutralised, moved or left out, with why."""

    sources: tuple[str, ...]  # FILE[:section] in order, or "the environment"
    options: tuple[tuple[str, str], ...]  # (name, value) as uWSGI resolved them
    changes: tuple[str, ...]


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
    endpoint: Endpoint = LAB_HTTP  # where `clients` send their requests (try: the socket given)
    # Extra observations by name (see sandbox.runs.measure), e.g. how far an app thread got while idle.
    measurements: tuple[str, ...] = ()
    # Fact checks by name (see sandbox.analysis.factcheck): where the live run corrects the source.
    fact_checks: tuple[str, ...] = ()
    # What each container goes through after the first look (model/steps.py); none: fire `clients`.
    steps: tuple[Step, ...] = ()
    source: str = ""  # where the statement comes from: a docs page, an issue (the lessons)
    # Judged on timings or load that other runs on the same cores would blur (or that would blur
    # theirs): `verify` runs it alone, never beside another scenario.
    alone: bool = False
    # First match wins; a version no entry matches has no expected verdict (verify refuses it).
    expected: tuple[Expected, ...] = (Expected("*", Verdict.HOLDS),)
    your_config: YourConfig | None = None  # `try --config` only

    @property
    def services(self) -> list[str]:
        return [variant.service for variant in self.variants]

    def expected_verdict(self, uwsgi_version: str) -> Verdict | None:
        """The verdict the catalog expects on this version; None where it states none."""
        for entry in self.expected:
            if version_matches(uwsgi_version, entry.versions):
                return entry.verdict
        return None

    def labels(self, kind: type) -> set[str]:
        """The labels of this scenario's steps of one kind (Fire, Look, Load, Watch); an article
        scenario's clients are one Fire."""
        found = {step.label for step in self.steps if isinstance(step, kind)}
        if kind is Fire and self.clients:
            found.add(ARTICLE_BATCH)
        return found


TRY = "try"  # the name of a `sandbox try` run: an observation, no claim


def tried(
    variants: tuple[Variant, ...],
    clients: tuple[tuple[str, ...], ...] = (),
    endpoint: Endpoint = LAB_HTTP,
    your_config: YourConfig | None = None,
) -> Scenario:
    """The scenario of a `sandbox try` (live, or saved and rebuilt): no claim, nothing expected."""
    return Scenario(
        name=TRY, claim="", title="your options", statement="", variants=variants, clients=clients,
        endpoint=endpoint, expected=(), your_config=your_config,
    )  # fmt: skip
