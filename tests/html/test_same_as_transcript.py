"""The page and the transcript render one view: every line of evidence, every app request line
and every fact check the terminal shows is on the page too, for every captured run."""

from __future__ import annotations

import html
import io
import re

import pytest
from rich.console import Console

from sandbox.output import html_report
from sandbox.output.transcript import transcript
from sandbox.output.view import run_view
from tests.unit.captured import CAPTURED, judged


def page_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.mark.parametrize("path", CAPTURED, ids=[p.stem for p in CAPTURED])
def test_what_the_transcript_says_the_page_says(tmp_path, path):
    run = judged(path.stem)
    console = Console(record=True, width=4096, file=io.StringIO(), color_system=None)
    transcript(run, console)
    said = console.export_text()
    view = run_view(run)
    target = tmp_path / "run.html"
    html_report.write_run(run, target)
    shown = page_text(target.read_text())
    expected = [*view.verdict.evidence, view.verdict.summary, *view.fact_checks]
    expected += [line for container in view.containers for line in container.app_lines]
    expected += [spawn.text for container in view.containers for spawn in container.spawns]
    assert expected
    for line in expected:
        assert line in said, line  # the terminal shows it (whole: 4096 columns)
        assert line in shown, line  # and so does the page
