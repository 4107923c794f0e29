"""`make readme`: the README's measured blocks come from the lab's reports, never by hand."""

import json
import re

import pytest

from sandbox import catalog
from tests import readme_sections

VERIFY_MD = """# uwsgi-sandbox: verdicts observed live

Observed 2026-11-27 on uWSGI 2.0.31, 2.0.21, requests sleeping 1 s (Linux, 2 cores).

## What the article got right, and what changed

| claim | the article says | uWSGI 2.0.21 | uWSGI 2.0.31 | what the lab saw |
|---|---|---|---|---|
| C1 | one at a time | holds | holds | same pid |

## Beyond the article: what the docs and issues say, observed

| lesson | the source says | uWSGI 2.0.21 | uWSGI 2.0.31 | what the lab saw |
|---|---|---|---|---|
| L1 | reload | differs | holds | exit 137 |

## C1 on uWSGI 2.0.31
"""


def test_verify_blocks_take_each_table_with_the_run_stamp(tmp_path):
    report = tmp_path / "verify.md"
    report.write_text(VERIFY_MD)
    blocks = readme_sections.verify_blocks(report)
    assert blocks["verify-article"].startswith("Observed 2026-11-27")
    assert blocks["verify-article"].endswith("| C1 | one at a time | holds | holds | same pid |")
    assert "L1" not in blocks["verify-article"]
    assert blocks["verify-lessons"].endswith("| L1 | reload | differs | holds | exit 137 |")


def test_a_report_without_lessons_leaves_that_block_alone(tmp_path):
    report = tmp_path / "verify.md"
    report.write_text(VERIFY_MD.split("## Beyond")[0])
    assert set(readme_sections.verify_blocks(report)) == {"verify-article"}


def test_splice_replaces_only_between_its_markers():
    readme = "a\n<!-- begin: x -->\nold\n<!-- end: x -->\nb\n<!-- begin: y -->\nkeep\n<!-- end: y -->\n"
    spliced = readme_sections.splice(readme, "x", "new\n")
    assert (
        spliced == "a\n<!-- begin: x -->\nnew\n<!-- end: x -->\nb\n<!-- begin: y -->\nkeep\n<!-- end: y -->\n"
    )
    with pytest.raises(SystemExit, match="no block z"):
        readme_sections.splice(readme, "z", "new")


def test_every_lesson_in_two_lines_with_its_make_target_and_source():
    lines = readme_sections.lesson_list().splitlines()
    assert len(lines) == 2 * len(catalog.LESSONS)
    for lesson, (first, second) in zip(
        catalog.LESSONS, zip(lines[::2], lines[1::2], strict=True), strict=True
    ):
        assert f"`make scenario-{lesson.name}`" in first and lesson.claim in first
        assert lesson.source in second


def test_sweep_block_shows_throughput_and_memory_per_cell(tmp_path):
    cell = {"server": "uWSGI 2.0.31", "workload": "io", "processes": 1, "threads": 4, "throughput": 79.5}
    data = {
        "ms": 50,
        "concurrency": 8,
        "duration": 3,
        "cells": [cell | {"pss": 20 * 1024 * 1024}, cell | {"processes": 4, "threads": 1, "pss": None}],
        "explanation": ["Threads multiplied I/O-bound throughput."],
    }
    path = tmp_path / "sweep.json"
    path.write_text(json.dumps(data))
    block = readme_sections.sweep_block(path)
    assert "| uWSGI 2.0.31 | I/O | 79.5, 20 MB | 79.5 |" in block
    assert block.endswith("- Threads multiplied I/O-bound throughput.")


def test_the_readme_has_every_block_the_script_writes():
    readme = readme_sections.README.read_text()
    for name in ("verify-article", "verify-lessons", "lesson-list", "sweep", "bench", "verify-time", "times"):
        assert re.search(rf"<!-- begin: {name} -->\n.*?<!-- end: {name} -->", readme, re.DOTALL), name


def test_bench_blocks_give_each_scenario_against_the_floor_and_the_verify_time(tmp_path):
    row = {
        "scenario": "default", "containers": 1, "wall": 3.6, "sleeps": 2.0, "overhead": 1.6,
        "overhead_per_container": 1.6, "x_floor": 2.9, "phases": {"start": 0.5, "ready": 0.05, "probe": 0.27, "traffic": 2.1, "measure": 0.0, "teardown": 0.09, "rest": 0.4},
    }  # fmt: skip
    data = {
        "uwsgi_version": "2.0.31", "sleep": 1, "scenarios": [row],
        "floor": {"start_to_ready": 0.35, "exec": 0.07, "remove": 0.13, "total": 0.55},
        "verify": {"sleep": 1, "jobs": 4, "checks": 16, "seconds": 24.7, "as_expected": True},
    }  # fmt: skip
    path = tmp_path / "bench.json"
    path.write_text(json.dumps(data))
    bench = readme_sections.bench_block(path)
    assert "0.55 s in all" in bench
    assert (
        "| default | 1 | 3.60 | 2.00 | 1.60 | 1.60 | 2.9 | 0.50 | 0.05 | 0.37 | 0.27 | 0.09 | 0.40 |" in bench
    )
    verify = readme_sections.verify_time_block(path)
    assert "16 checks" in verify and "24.7 s" in verify and verify.endswith("as expected: yes.")


def test_times_block_gives_each_scenario_its_id_target_and_wait(tmp_path):
    rows = [
        {"scenario": "threads", "wall": 10.5, "sleeps": 10.0},
        {"scenario": "sigterm", "wall": 5.2, "sleeps": 2.0},
    ]
    path = tmp_path / "times.json"
    path.write_text(json.dumps({"uwsgi_version": "2.0.31", "sleep": 10, "scenarios": rows}))
    block = readme_sections.times_block(path)
    assert "| C4 | `scenario-threads` |" in block and "| 10 s |" in block
    assert "| L1 | `scenario-sigterm` |" in block and "| 5 s |" in block
    assert "`SLEEP=10`" in block and "0.3 minutes" in block
