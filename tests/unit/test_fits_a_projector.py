"""A class reads the transcript on a projector: at 80 columns no line is longer, except a quoted
log line too long for any line (it stands alone, whole); no quote is ever split across lines;
--brief is at most 25 lines; `sandbox list` fits 100 columns."""

from __future__ import annotations

import io
import re
import shlex

import pytest
from rich.console import Console

from sandbox import catalog
from sandbox.output import fit, pstree_text, tables
from sandbox.output.transcript import BRIEF_LINES, brief, transcript
from tests.unit.captured import CAPTURED, judged

COLUMNS = 80
QUOTE = re.compile(r"`[^`]*`")


def rendered(show, run, width: int = COLUMNS) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None, highlight=False, emoji=False)
    show(run, console)
    return console.file.getvalue().splitlines()


def too_wide(lines: list[str], width: int) -> list[str]:
    """Lines over `width` that are not one whole quote standing alone."""
    return [line for line in lines if len(line) > width and not QUOTE.fullmatch(line.strip())]


@pytest.mark.parametrize("path", CAPTURED, ids=lambda path: path.stem)
def test_each_scenario_reads_at_80_columns_with_every_quote_whole(path):
    lines = rendered(transcript, judged(path.stem))
    assert too_wide(lines, COLUMNS) == []
    split_quotes = [line for line in lines if line.count("`") % 2]
    assert split_quotes == []


@pytest.mark.parametrize("path", CAPTURED, ids=lambda path: path.stem)
def test_brief_is_at_most_25_lines_and_keeps_command_tree_and_verdict(path):
    run = judged(path.stem)
    lines = rendered(brief, run)
    assert len(lines) <= BRIEF_LINES
    assert too_wide(lines, COLUMNS) == []
    text = "\n".join(lines)
    assert f"Verdict {run.judgement.claim}: {run.judgement.verdict.value}" in text
    for variant in run.observation.variants:
        assert shlex.join(variant.command)[:40] in text.replace(" \\\n    ", " ")
        if variant.started and variant.pstree.strip():
            assert pstree_text.compact(variant.pstree).splitlines()[0] in lines


def test_brief_cuts_request_lines_to_fit_and_says_how_many():
    run = judged("prefork-2.0.31")
    lines = rendered(brief, run)
    said = [line for line in lines if "more request line(s)" in line]
    total = sum(len(variant.app_lines) for variant in run.observation.variants)
    assert said, "prefork's 12 request lines in 3 containers cannot all fit 25 lines"
    shown = sum(1 for line in lines if " called " in line)
    left_out = sum(int(re.search(r"… (\d+) more", line)[1]) for line in said)
    assert shown + left_out == total


def test_a_wide_tree_sets_its_ancestors_aside_and_says_so():
    run = judged("threads-2.0.31")
    article = run.observation.scenario.article_output
    fitted, aside = fit.tree(article, COLUMNS)
    assert max(len(line) for line in fitted.splitlines()) <= COLUMNS
    assert fitted.startswith("uwsgi(22111)") and "init(19710)" in aside and "bash(19712)" in aside
    # nothing else is lost: every node of the article's tree below uWSGI is still there
    assert re.findall(r"\w+\(\d+\)", fitted) == re.findall(r"\w+\(\d+\)", article)[3:]
    assert fit.tree(article, 200) == (article, "")


def test_prose_wraps_between_words_and_never_inside_a_quote():
    text = "live there are 4 (`spawned uWSGI http 1 (pid: 7)`), so the article's tree lacks it " * 3
    for width in (30, 50, 80):
        lines = fit.wrap(text, width)
        assert " ".join(lines) == " ".join(text.split())
        assert all(line.count("`") % 2 == 0 for line in lines)
        # a quote longer than a line stands alone on its line, whole
        assert all(len(line) <= width or "`" not in line.strip("`(),") for line in lines)
        assert all(len(line) <= width for line in lines) == (width >= 35)


def test_a_wrapped_command_pastes_as_the_same_words():
    words = ["docker", "run", "--name", "x" * 30, "--health-cmd", "python3 /srv/apps/listening.py 18000"]
    words += ["--label", "a=b"] * 8 + ["image:tag", "uwsgi", "--http", ":18000"]
    quoted = [shlex.quote(word) for word in words]
    lines = fit.command(quoted, COLUMNS)
    assert len(lines) > 1 and all(len(line) <= COLUMNS for line in lines)
    assert all(line.endswith(" \\") for line in lines[:-1])
    pasted = "\n".join(lines).removeprefix("$ ")
    assert shlex.split(pasted.replace("\\\n", " ")) == words


def test_the_compact_tree_merges_identical_siblings_as_pstree_does():
    tree = "uwsgi(1)─┬─uwsgi(7)\n         ├─uwsgi(8)─┬─{uwsgi}(10)\n         │          └─{uwsgi}(14)\n"
    tree += "         ├─uwsgi(9)─┬─{uwsgi}(16)\n         │          └─{uwsgi}(17)\n         └─{uwsgi}(11)"
    assert pstree_text.compact(tree) == "uwsgi─┬─uwsgi\n      ├─2*[uwsgi───2*[{uwsgi}]]\n      └─{uwsgi}"
    assert pstree_text.compact("uwsgi(1)───uwsgi(2)") == "uwsgi───uwsgi"


def test_the_scenario_list_fits_100_columns_and_a_name_shows_every_command():
    console = Console(width=100, file=io.StringIO(), color_system=None)
    tables.scenario_table(catalog.SCENARIOS, console)
    lines = console.file.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 100
    assert all(any(f" {s.claim} " in line and s.name in line for line in lines) for s in catalog.SCENARIOS)
    scenario = catalog.find("C6")
    commands = {service: ["uwsgi", "--processes", "2", f"--{service}"] for service in scenario.services}
    console = Console(width=COLUMNS, file=io.StringIO(), color_system=None)
    tables.scenario_details(scenario, commands, console)
    text = console.file.getvalue()
    assert all(f"--{service}" in text for service in scenario.services)
    assert "sandbox run enable-threads --uwsgi 2.0.21" in text  # its verdict depends on the version
