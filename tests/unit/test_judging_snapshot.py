"""What each judging case says, word for word: the verdict, its summary and evidence, the fact
checks, every lost request and every node's role, with stable names instead of pids. The words
are golden files (tests/golden/judging); `make golden` rewrites them after a deliberate change."""

from __future__ import annotations

import io
import os
import time

import pytest
from rich.console import Console

from sandbox.analysis import factcheck
from sandbox.analysis.judge import judge
from sandbox.output.json_run import observation_from_dict
from sandbox.output.timeline import gantt_lines
from sandbox.output.transcript import role_tree
from sandbox.output.view import role_nodes, timeline_view
from sandbox.output.wording import Namer
from tests.golden.judging import golden_path, write_golden
from tests.unit.judging_cases import CASES as ARTICLE_CASES
from tests.unit.lesson_cases import LESSON_CASES

CASES = ARTICLE_CASES + LESSON_CASES


@pytest.fixture(autouse=True, scope="module")
def utc():
    """Clock times in evidence are local times: pin the zone so the words are the same everywhere."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


def said(case) -> str:
    run = judge(observation_from_dict(case.data()))
    namer = Namer(run.observation, normalize=True)
    console = Console(record=True, width=4096, file=io.StringIO(), color_system=None)
    judgement = run.judgement
    console.print(f"{judgement.claim}: {judgement.verdict.value}", markup=False)
    console.print(f"summary: {namer.fact(judgement.summary)}", markup=False)
    for fact in judgement.evidence:
        console.print(f"evidence: {namer.fact(fact)}", markup=False)
    for checked in judgement.conditions:
        shown = {True: "shown", False: "shown otherwise", None: "not observed"}[checked.shown]
        part = f"{checked.part}: " if checked.part else ""
        console.print(f"needs: {part}{checked.side}: {namer.fact(checked.what)}: {shown}", markup=False)
    for fact in factcheck.fact_checks(run.observation):
        console.print(f"fact check: {namer.fact(fact)}", markup=False)
    for lost in run.unanswered:
        reason = namer.fact(lost.reason) if lost.reason else "-"
        console.print(f"lost: {lost.record.path}: {lost.cause}; {reason}", markup=False)
    for line in gantt_lines(timeline_view(run.observation, namer)):
        console.print(f"timeline: {line}", markup=False)
    for variant in run.observation.variants:
        for spawn in variant.spawn_lines:
            console.print(
                f"spawn: {namer.quote_text(variant.service, spawn.text, ((*spawn.pid_span, spawn.pid),))}",
                markup=False,
            )
        console.print(f"roles of {variant.label}:", markup=False)
        console.print(role_tree(role_nodes(variant, namer)))
    return console.export_text()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_what_each_case_says_is_the_golden_text(case):
    text = said(case)
    if os.environ.get("SANDBOX_UPDATE_GOLDEN"):
        write_golden(case.name, text)
    assert text == golden_path(case.name).read_text(), "the judges' words changed; if on purpose: make golden"
