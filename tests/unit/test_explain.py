"""Issue 4 on captured live runs: roles for every node, normalised pids, the timeline picture,
the fact checks, and the CI reports."""

import io
import xml.etree.ElementTree as ET

import junitparser
import matplotlib.image
import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from sandbox import ci_reports, factcheck, normalize, render, roles, timeline
from sandbox.pstree import parse_pstree, shape
from tests.unit.captured import CAPTURED, judged


@pytest.mark.parametrize("path", CAPTURED, ids=lambda p: p.stem)
def test_every_node_of_every_scenario_has_a_role(path):
    for variant in judged(path.stem).observation.variants:
        nodes = list(roles.all_nodes(roles.annotate(variant)))
        assert len([n for n in nodes if n.kind == "process"]) == len(variant.processes)
        assert len([n for n in nodes if n.kind == "thread"]) == sum(len(p.threads) for p in variant.processes)
        assert [n for n in nodes if n.role.role == roles.UNKNOWN] == [], variant.label
        assert all(n.role.evidence for n in nodes)


def test_roles_name_router_request_threads_reloader_and_app_thread():
    threads = judged("threads-2.0.31").observation.variants[0]
    found = {n.role.role for n in roles.all_nodes(roles.annotate(threads))}
    assert "HTTP router" in found and "request thread (core 3 of 4)" in found
    reload = judged("autoreload-2.0.31").observation.variants[0]
    assert "Python auto-reloader thread" in {n.role.role for n in roles.all_nodes(roles.annotate(reload))}
    ticker = judged("enable-threads-2.0.21").observation.variants[0]
    assert "the app's own thread (started at import)" in {
        n.role.role for n in roles.all_nodes(roles.annotate(ticker))
    }


def test_a_thread_the_evidence_cannot_place_is_unknown():
    variant = judged("processes-2.0.31").observation.variants[0]
    variant.processes[0].threads.append({"tid": 999, "name": "uwsgi"})
    assert roles.thread_roles(variant.processes[0], variant)[999].role == roles.UNKNOWN


@pytest.mark.parametrize("path", CAPTURED, ids=lambda p: p.stem)
def test_normalised_pstree_keeps_the_shape_and_uses_role_names(path):
    for variant in judged(path.stem).observation.variants:
        names = normalize.stable_names(variant)
        text = normalize.normalized_pstree(variant.pstree, names)
        assert shape(parse_pstree(text)[0]) == shape(parse_pstree(variant.pstree)[0])
        assert all(isinstance(node.pid, str) for node in parse_pstree(text)[0].walk())
        assert "(W1)" in text or "(M)" in text


def test_normalised_text_renames_pids_in_spawn_and_app_lines():
    names = {1: "W1", 7: "R1", 0: "-"}
    assert (
        normalize.normalize_text("spawned uWSGI http 1 (pid: 7)", names) == "spawned uWSGI http 1 (pid: R1)"
    )
    assert normalize.normalize_text("1 0 /sleep1 called 11:38:46", names) == "W1 - /sleep1 called 11:38:46"
    assert normalize.normalize_clock("called 11:38:46 and 11:38:46.123") == "called HH:MM:SS and HH:MM:SS"


def test_pstree_renderer_reproduces_live_and_article_trees():
    from sandbox.catalog import find
    from tests.unit.samples import PSTREE_THREADS_HTTP

    def label(node):
        return f"{{{node.name}}}({node.pid})" if node.is_thread else f"{node.name}({node.pid})"

    assert normalize.render_pstree(parse_pstree(PSTREE_THREADS_HTTP), label) == PSTREE_THREADS_HTTP.rstrip()
    article = find("threads").article_output
    assert normalize.render_pstree(parse_pstree(article), label) == "\n".join(
        line[2:] for line in article.splitlines()
    )


def test_timeline_serialisation_is_one_lane_and_overlap_is_several():
    serial = timeline.bars(judged("default-2.0.31").observation)
    assert len(serial) == 2 and len(timeline.lanes(serial)) == 1
    first, second = sorted(serial, key=lambda b: b.start)
    assert second.start >= first.end - 0.05
    overlap = timeline.bars(judged("concurrency-2.0.31").observation)
    pages = [b for b in overlap if b.label.startswith("/sleep")]
    assert len(overlap) == 4 and len({b.lane for b in pages}) == 2
    assert pages[0].start < pages[1].end and pages[1].start < pages[0].end
    gantt = timeline.gantt_lines(overlap)
    assert len(gantt) == len(timeline.lanes(overlap)) + 2


@pytest.mark.parametrize("name", ["default-2.0.31", "concurrency-2.0.31", "threads-2.0.21"])
def test_svg_draws_one_bar_per_request_and_one_lane_per_worker_thread(tmp_path, name):
    observation = judged(name).observation
    path = tmp_path / "t.svg"
    timeline.write_picture(observation, path)
    ids = [element.get("id", "") for element in ET.parse(path).iter()]
    answered = [r for v in observation.variants for r in v.requests if r.status == 200]
    assert len([i for i in ids if i.startswith("request-")]) == len(answered)
    assert len([i for i in ids if i.startswith("lane-")]) == len({(r.pid, r.tid) for r in answered})


def test_png_renders_headless_and_is_not_blank(tmp_path):
    path = tmp_path / "t.png"
    timeline.write_picture(judged("concurrency-2.0.31").observation, path)
    pixels = matplotlib.image.imread(path)
    assert pixels.shape[0] > 100 and pixels.shape[1] > 500
    assert pixels.std() > 0.05  # bars, text and axes, not an empty canvas


def test_fact_checks_correct_the_article_where_the_run_says_so():
    assert "HTTP router" in " ".join(factcheck.fact_checks(judged("default-2.0.31").observation))
    assert "HTTP router" in " ".join(factcheck.fact_checks(judged("threads-2.0.21").observation))
    assert "2.0.27" in " ".join(factcheck.fact_checks(judged("enable-threads-2.0.31").observation))
    assert factcheck.fact_checks(judged("enable-threads-2.0.21").observation) == []
    assert "not" not in "".join(factcheck.fact_checks(judged("processes-2.0.31").observation))
    assert "guesses Django" in " ".join(factcheck.fact_checks(judged("django-2.0.21").observation))


def _all_runs():
    return [judged(path.stem) for path in CAPTURED]


def test_junit_report_is_read_by_a_junit_reader_with_failures_carrying_evidence(tmp_path):
    runs = _all_runs()
    runs[0].expected = "differs" if runs[0].verdict.verdict != "differs" else "holds"  # one mismatch
    path = tmp_path / "r.xml"
    ci_reports.write_junit(runs, path)
    cases = [case for suite in junitparser.JUnitXml.fromfile(str(path)) for case in suite]
    assert len(cases) == len(runs)
    failed = [case for case in cases if not case.is_passed]
    assert len(failed) == 1
    assert runs[0].verdict.evidence[0] in failed[0].result[0].text


def test_markdown_report_renders_tables_and_transcripts(tmp_path):
    path = tmp_path / "r.md"
    ci_reports.write_markdown(_all_runs(), path)
    html = MarkdownIt("commonmark").enable("table").render(path.read_text())
    assert html.count("<table>") == 2
    assert html.count("<pre><code") == len(CAPTURED)
    assert "What the article got right, and what changed" in html


def test_normalised_transcript_has_no_raw_pids():
    run = judged("threads-2.0.31")
    console = Console(record=True, width=200, file=io.StringIO(), color_system=None)
    render.transcript(run, console, normalize_pids=True)
    text = console.export_text()
    assert "uwsgi(W1)" in text and "(pid: R1)" in text
    assert "uwsgi(8)" not in text


def test_normalised_json_renames_pids_everywhere_including_the_summary():
    from sandbox import report

    run = judged("default-2.0.31")
    data = normalize.normalize_run_dict(report.run_dict(run), run.observation)
    claim = data["claims"][0]
    assert "pid W1" in claim["summary"] and "pid 1" not in claim["summary"]
    assert data["pstree"] == data["variants"][0]["pstree"] == "uwsgi(W1)───uwsgi(R1)"
