"""Reports a CI system shows natively: JUnit XML (one test case per claim and version, failures
carrying the evidence) and Markdown (verdict table, what the article got right and what
changed, then every transcript)."""

from __future__ import annotations

import datetime
import io
import os
import platform
import xml.etree.ElementTree as ET
from pathlib import Path

from rich.console import Console

from sandbox.model.judged import JudgedRun
from sandbox.model.versions import version_key
from sandbox.output.console import NOT_A_TERMINAL_WIDTH
from sandbox.output.transcript import transcript
from sandbox.output.view import article_and_lessons, claim_rows
from sandbox.output.wording import Namer


def write_junit(runs: list[JudgedRun], path: Path) -> None:
    failures = sum(not run.as_expected for run in runs)
    suite = ET.Element(
        "testsuite",
        name="uwsgi-sandbox verify",
        tests=str(len(runs)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    for run in runs:
        observation = run.observation
        seconds = sum(observation.timings.values())
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"uwsgi-{observation.uwsgi_version}",
            name=f"{run.judgement.claim} {observation.scenario.name}",
            time=f"{seconds:.3f}",
        )
        evidence = "\n".join(Namer(observation).fact(fact) for fact in run.judgement.evidence)
        if not run.as_expected:
            failure = ET.SubElement(
                case,
                "failure",
                message=f"observed {run.judgement.verdict.value}, expected {run.expected.value}",
                type="VerdictMismatch",
            )
            failure.text = evidence
        ET.SubElement(case, "system-out").text = f"verdict: {run.judgement.verdict.value}\n{evidence}"
    root = ET.Element("testsuites", tests=str(len(runs)), failures=str(failures))
    root.append(suite)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary_table(runs: list[JudgedRun]) -> str:
    """What the article (or a lesson's source) got right, and what changed: one row per claim, a
    column per version. Lessons cite their source; the article's claims need not."""
    versions = sorted({run.observation.uwsgi_version for run in runs}, key=version_key)
    lessons = any(run.observation.scenario.source for run in runs)
    lines = [
        ("| lesson | the source says | " if lessons else "| claim | the article says | ")
        + " | ".join(f"uWSGI {v}" for v in versions)
        + " | what the lab saw |",
        "|---|---|" + "---|" * len(versions) + "---|",
    ]
    for row in claim_rows(runs):
        cells = [row.cells[v].verdict.value if v in row.cells else "-" for v in versions]
        statement = f"{row.statement} ({row.source})" if row.source else row.statement
        lines.append(f"| {row.claim} | {_cell(statement)} | " + " | ".join(cells) + f" | {_cell(row.why)} |")
    return "\n".join(lines) + "\n"


def summary_tables(runs: list[JudgedRun]) -> list[str]:
    """The article's claims, then the lessons, each under its own heading (only those that ran)."""
    article, lessons = article_and_lessons(runs)
    parts = []
    if article:
        parts += ["## What the article got right, and what changed\n", summary_table(article)]
    if lessons:
        parts += ["## Beyond the article: what the docs and issues say, observed\n", summary_table(lessons)]
    return parts


def write_markdown(runs: list[JudgedRun], path: Path) -> None:
    versions = sorted({run.observation.uwsgi_version for run in runs}, key=version_key)
    sleeps = sorted({run.observation.sleep for run in runs})
    parts = [
        "# uwsgi-sandbox: verdicts observed live\n",
        f"Observed {datetime.date.today().isoformat()} on uWSGI {', '.join(versions)}, requests sleeping "
        f"{', '.join(f'{s:g}' for s in sleeps)} s ({platform.machine()}, {os.cpu_count()} cores).\n",
        "## Verdicts\n",
        "| claim | scenario | uWSGI | observed | expected | |",
        "|---|---|---|---|---|---|",
    ]
    for run in runs:
        mark = "✅" if run.as_expected else "❌"
        parts.append(
            f"| {run.judgement.claim} | {run.observation.scenario.name} | {run.observation.uwsgi_version} | "
            f"{run.judgement.verdict.value} | {run.expected.value} | {mark} |"
        )
    parts += [
        "",
        *summary_tables(runs),
        "## Transcripts\n",
    ]
    for run in runs:
        # As wide as a log: a transcript in a report is never cut (see console.NOT_A_TERMINAL_WIDTH).
        console = Console(record=True, width=NOT_A_TERMINAL_WIDTH, file=io.StringIO(), color_system=None)
        transcript(run, console)
        parts += [
            f"### {run.judgement.claim} {run.observation.scenario.name} · uWSGI {run.observation.uwsgi_version}\n",
            "```text",
            console.export_text().rstrip(),
            "```",
            "",
        ]
    path.write_text("\n".join(parts) + "\n")
