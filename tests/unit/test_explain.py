"""On captured live runs: roles for every node, stable names (no raw pid survives
--normalize-pids), the timeline, the fact checks, and the CI reports."""

from __future__ import annotations

import dataclasses
import io
import re
import xml.etree.ElementTree as ET

import junitparser
import matplotlib.image
import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from sandbox import catalog
from sandbox.analysis import factcheck, names, roles, timeline
from sandbox.analysis.pstree import parse_pstree, shape
from sandbox.model.evidence import Fact, Proc, Thread
from sandbox.model.observation import ThreadSnapshot
from sandbox.model.roles import Role, RoleKind
from sandbox.model.verdicts import Verdict
from sandbox.output import reports
from sandbox.output import timeline as timeline_output
from sandbox.output.json_run import run_dict
from sandbox.output.pstree_text import draw, renamed
from sandbox.output.transcript import transcript
from sandbox.output.view import timeline_view
from sandbox.output.wording import Namer, role_text
from tests.unit.captured import CAPTURED, judged


@pytest.mark.parametrize("path", CAPTURED, ids=lambda p: p.stem)
def test_every_node_of_every_scenario_has_a_role(path):
    for variant in judged(path.stem).observation.variants:
        nodes = list(roles.all_nodes(roles.annotate(variant)))
        assert len([n for n in nodes if not n.is_thread]) == len(variant.processes)
        assert len([n for n in nodes if n.is_thread]) == sum(len(p.threads) for p in variant.processes)
        assert [n for n in nodes if not n.role.known] == [], variant.label
        assert all(Namer(judged(path.stem).observation).fact(n.evidence) for n in nodes)


def _kinds(name: str) -> set[str]:
    return {
        role_text(n.role, n.cores)
        for n in roles.all_nodes(roles.annotate(judged(name).observation.variants[0]))
    }


def test_roles_name_router_request_threads_reloader_and_app_thread():
    assert {
        "HTTP router",
        "request thread (core 3 of 4)",
        "worker 2 · 4 cores (core 0 on this main thread)",
    } <= _kinds("threads-2.0.31")
    assert {"master", "Python auto-reloader thread"} <= _kinds("autoreload-2.0.31")
    assert "the app's own thread (started at import)" in _kinds("enable-threads-2.0.21")


def test_a_thread_the_evidence_cannot_place_is_unknown():
    variant = judged("processes-2.0.31").observation.variants[0]
    proc = variant.processes[0]
    proc = dataclasses.replace(proc, threads=(*proc.threads, ThreadSnapshot(999, "uwsgi")))
    variant = dataclasses.replace(variant, processes=(proc, *variant.processes[1:]))
    assert not roles.thread_roles(proc, variant)[999][0].known


def test_workers_sort_by_number_not_by_text():
    assert sorted([Role(RoleKind.WORKER, 10), Role(RoleKind.WORKER, 2), Role(RoleKind.MASTER)]) == [
        Role(RoleKind.MASTER), Role(RoleKind.WORKER, 2), Role(RoleKind.WORKER, 10),
    ]  # fmt: skip


@pytest.mark.parametrize("path", CAPTURED, ids=lambda p: p.stem)
def test_normalised_pstree_keeps_the_shape_and_uses_role_names(path):
    for variant in (v for v in judged(path.stem).observation.variants if v.started):
        stable = names.stable_names(variant)
        text = renamed(variant.pstree, lambda pid, stable=stable: stable.get(pid, "?"))
        assert shape(parse_pstree(text)[0]) == shape(parse_pstree(variant.pstree)[0])
        assert all(isinstance(node.pid, str) for node in parse_pstree(text)[0].walk())
        assert "(W1)" in text or "(M)" in text or "(A)" in text


def test_pstree_renderer_reproduces_live_and_article_trees():
    from sandbox.catalog import find
    from tests.unit.samples import PSTREE_THREADS_HTTP

    def label(node):
        return f"{{{node.name}}}({node.pid})" if node.is_thread else f"{node.name}({node.pid})"

    assert draw(parse_pstree(PSTREE_THREADS_HTTP), label) == PSTREE_THREADS_HTTP.rstrip()
    article = find("threads").article_output
    assert draw(parse_pstree(article), label) == "\n".join(line[2:] for line in article.splitlines())


def _refs(fact):
    for ref in fact.refs():
        yield ref
        if isinstance(ref, Fact):
            yield from _refs(ref)


RAW_PID = re.compile(r"(?<![-\w])(?:pid|pids|thread|threads|tid)(?::)? \d")  # not `--threads 2`


@pytest.mark.parametrize("path", CAPTURED, ids=lambda p: p.stem)
def test_no_pid_survives_normalisation_in_the_verdict_or_the_fact_checks(path):
    run = judged(path.stem)
    namer = Namer(run.observation, normalize=True)
    said = [namer.fact(run.judgement.summary), *(namer.fact(f) for f in run.judgement.evidence)]
    said += [namer.fact(f) for f in factcheck.fact_checks(run.observation)]
    assert [text for text in said if RAW_PID.search(text)] == []
    facts = (run.judgement.summary, *run.judgement.evidence)
    if any(isinstance(ref, Proc | Thread) for fact in facts for ref in _refs(fact)):
        raw = " ".join(Namer(run.observation).fact(fact) for fact in facts)
        assert RAW_PID.search(raw)  # the same facts do name raw pids without normalisation


def test_the_concurrency_summary_names_its_pids_by_role():
    run = judged("concurrency-2.0.31")
    summary = Namer(run.observation, normalize=True).fact(run.judgement.summary)
    assert re.search(r"pids W\d, W\d", summary), summary
    assert not re.search(r"\[\d", summary)


def test_timeline_serialisation_is_one_lane_and_overlap_is_several():
    serial = timeline.bars(judged("default-2.0.31").observation)
    assert len(serial) == 2 and len(timeline.lanes(serial)) == 1
    first, second = sorted(serial, key=lambda b: b.start)
    assert second.start >= first.end - 0.05
    run = judged("concurrency-2.0.31")
    overlap = timeline.bars(run.observation)
    pages = [b for b in overlap if b.path.startswith("/sleep")]
    assert len(overlap) == 4 and len({b.lane for b in pages}) == 2
    assert pages[0].start < pages[1].end and pages[1].start < pages[0].end
    gantt = timeline_output.gantt_lines(timeline_view(run.observation, Namer(run.observation)))
    assert len(gantt) == len(timeline.lanes(overlap)) + 2


@pytest.mark.parametrize("name", ["default-2.0.31", "concurrency-2.0.31", "threads-2.0.21"])
def test_svg_draws_one_bar_per_request_and_one_lane_per_worker_thread(tmp_path, name):
    observation = judged(name).observation
    path = tmp_path / "t.svg"
    timeline_output.write_picture(timeline_view(observation, Namer(observation)), "t", path)
    ids = [element.get("id", "") for element in ET.parse(path).iter()]
    answered = [r for v in observation.variants for r in v.requests if r.status == 200]
    assert len([i for i in ids if i.startswith("request-")]) == len(answered)
    assert len([i for i in ids if i.startswith("lane-")]) == len({(r.pid, r.tid) for r in answered})


def test_png_renders_headless_and_is_not_blank(tmp_path):
    path = tmp_path / "t.png"
    observation = judged("concurrency-2.0.31").observation
    timeline_output.write_picture(timeline_view(observation, Namer(observation)), "t", path)
    pixels = matplotlib.image.imread(path)
    assert pixels.shape[0] > 100 and pixels.shape[1] > 500
    assert pixels.std() > 0.05  # bars, text and axes, not an empty canvas


def _checks(name: str) -> str:
    run = judged(name)
    return " ".join(Namer(run.observation).fact(f) for f in factcheck.fact_checks(run.observation))


def test_fact_checks_correct_the_article_where_the_run_says_so():
    assert "HTTP router" in _checks("default-2.0.31")
    assert "HTTP router" in _checks("threads-2.0.21")
    assert "2.0.27" in _checks("enable-threads-2.0.31")
    assert _checks("enable-threads-2.0.21") == ""
    assert _checks("processes-2.0.31") == ""
    assert "guesses Django" in _checks("django-2.0.21")


def _all_runs():
    return [judged(path.stem) for path in CAPTURED]


def test_junit_report_is_read_by_a_junit_reader_with_failures_carrying_evidence(tmp_path):
    runs = _all_runs()
    mismatch = Verdict.DIFFERS if runs[0].judgement.verdict != Verdict.DIFFERS else Verdict.HOLDS
    runs[0] = dataclasses.replace(runs[0], expected=mismatch)
    path = tmp_path / "r.xml"
    reports.write_junit(runs, path)
    cases = [case for suite in junitparser.JUnitXml.fromfile(str(path)) for case in suite]
    assert len(cases) == len(runs)
    failed = [case for case in cases if not case.is_passed]
    assert len(failed) == 1
    first = Namer(runs[0].observation).fact(runs[0].judgement.evidence[0])
    assert first in failed[0].result[0].text


def test_markdown_report_renders_tables_and_transcripts(tmp_path):
    path = tmp_path / "r.md"
    reports.write_markdown(_all_runs(), path)
    html = MarkdownIt("commonmark").enable("table").render(path.read_text())
    assert html.count("<table>") == 3  # every verdict, the article's claims, the lessons
    assert html.count("<pre><code") == len(CAPTURED)
    article, lessons = html.split("What the article got right, and what changed")[1].split(
        "Beyond the article"
    )
    assert "<td>C1</td>" in article and "<td>L1</td>" not in article
    assert "<td>L1</td>" in lessons and "<td>C1</td>" not in lessons
    sigterm = catalog.find("sigterm")
    assert sigterm.source and sigterm.source in lessons  # a lesson's row cites where it comes from


def test_summary_rows_come_in_the_order_the_claims_ran():
    by_name = {run.observation.scenario.name: run for run in _all_runs()}
    order = ["master", "sigterm", "gunicorn-timeout"]
    rows = reports.summary_table([by_name[name] for name in order]).splitlines()[2:]
    assert [row.split(" | ")[0] for row in rows] == ["| L2", "| L1", "| G1"]


def test_a_report_of_the_article_alone_has_no_lessons_table(tmp_path):
    path = tmp_path / "r.md"
    reports.write_markdown([run for run in _all_runs() if not run.observation.scenario.source], path)
    assert "Beyond the article" not in path.read_text()


def test_normalised_transcript_has_no_raw_pids():
    run = judged("threads-2.0.31")
    console = Console(record=True, width=200, file=io.StringIO(), color_system=None)
    transcript(run, console, normalize_pids=True)
    text = console.export_text()
    assert "uwsgi(W1)" in text and "(pid: R1)" in text
    assert "uwsgi(8)" not in text and "pid 8" not in text


def test_normalised_json_renames_pids_everywhere_including_the_summary():
    run = judged("default-2.0.31")
    data = run_dict(run, normalize_pids=True)
    claim = data["claims"][0]
    assert "pid W1" in claim["summary"] and "pid 1" not in claim["summary"]
    assert data["pstree"] == data["variants"][0]["pstree"] == "uwsgi(W1)───uwsgi(R1)"
    assert {r["pid"] for r in data["requests"]} == {"W1"}
    assert all(isinstance(p["pid"], str) for p in data["processes"])
    assert [(p["pid"], p["ppid"]) for p in data["processes"]] == [("W1", "-"), ("R1", "W1")]
    assert "W1 - /sleep1 called" in data["log"] and "\n1 0 /sleep" not in data["log"]
    assert "(pid: R1)" in data["log"] and "[pid: W1|" in data["log"]


def test_normalised_json_of_a_multi_container_run_renames_each_container():
    data = run_dict(judged("workers-2.0.31"), normalize_pids=True)
    for variant in data["variants"]:
        assert variant["pstree"].startswith("uwsgi(W1)")
        assert all(isinstance(p["pid"], str) for p in variant["processes"])
    assert "pid 1 " not in " ".join(data["claims"][0]["evidence"])
