"""What the lesson judges share: log lines as evidence, requests by batch, verdicts from parts."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace

from sandbox.analysis import uwsgi_log
from sandbox.analysis.claims.common import served_fact
from sandbox.model.evidence import Fact
from sandbox.model.judged import Finding
from sandbox.model.observation import RequestRecord, ScenarioObservation, VariantObservation
from sandbox.model.steps import Fire, Load
from sandbox.model.verdicts import Verdict

HOLDS, DIFFERS, CANNOT_TELL = Verdict.HOLDS, Verdict.DIFFERS, Verdict.CANNOT_TELL


def lines(variant: VariantObservation, text: str) -> list[str]:
    return uwsgi_log.lines_with(variant.log, text)


def said(variant: VariantObservation, text: str) -> Fact:
    """`the log says: <first line with text>`, or that it does not."""
    found = lines(variant, text)
    if found:
        return Fact("{}: the log says {}", variant.label, uwsgi_log.quote(variant.service, found[0]))
    return Fact("{}: the log has no line with `{}`", variant.label, text)


def batch(variant: VariantObservation, label: str) -> list[tuple[int, RequestRecord]]:
    """(index, record) of the requests a Fire step labelled `label` sent, in the order they left."""
    found = [(index, r) for index, r in enumerate(variant.requests) if r.batch == label]
    return sorted(found, key=lambda item: item[1].client_start)  # stable: ties keep their order


def batch_facts(variant: VariantObservation, label: str) -> list[Fact]:
    return [served_fact(variant, index, record) for index, record in batch(variant, label)]


def sent(run: ScenarioObservation, label: str) -> int:
    """How many requests the scenario's Fire or Load step `label` sends (the catalog's own data)."""
    return sum(
        step.sends for step in run.scenario.steps if isinstance(step, Fire | Load) and step.label == label
    )


def not_started(variant: VariantObservation) -> Fact:
    tail = [line for line in variant.log.splitlines() if line.strip()][-1:] or ["(nothing)"]
    return Fact(
        "{}: uWSGI exited before it was ready (exit {}); its last line: {}",
        variant.label,
        variant.exit_code,
        uwsgi_log.quote(variant.service, tail[0]),
    )


def unknown_option(variant: VariantObservation) -> str | None:
    """The option this uWSGI refused as unknown, when that is why it did not start."""
    match = re.search(r"unrecognized option '([^']+)'", variant.log)
    return match[1] if match else None


def by_parts(
    run: ScenarioObservation, checks: Mapping[str, Callable[[VariantObservation], Finding]]
) -> Finding:
    """Judge each part by its own check; the lesson holds when every part holds, differs when every
    part has a verdict and one differs, and cannot tell when a part cannot. The summary says each
    part. The catalog is checked against the judge's parts when it loads (catalog.checked)."""
    verdicts, summaries, evidence, checked = [], [], [], []
    for variant in run.variants:
        found = checks[variant.part](variant)
        verdicts.append(found.verdict)
        summaries.append(Fact("{}: {}", variant.label, found.summary))
        evidence += found.evidence
        checked += [replace(condition, part=variant.label) for condition in found.conditions]
    summary = Fact("; ".join("{}" for _ in summaries), *summaries)
    if CANNOT_TELL in verdicts:
        return Finding(CANNOT_TELL, summary, tuple(evidence), tuple(checked))
    return Finding(DIFFERS if DIFFERS in verdicts else HOLDS, summary, tuple(evidence), tuple(checked))
