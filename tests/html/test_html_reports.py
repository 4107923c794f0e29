"""The HTML reports as a reader sees them: opened in headless Chromium, from the captured live
runs (tests/data/runs), judged afresh. What is asserted is what the browser displays."""

from __future__ import annotations

import json
import re

import pytest

from sandbox.analysis.judge import judge
from sandbox.output import html_report
from sandbox.output.json_run import observation_from_dict
from tests.chromium import PHONE, displayed_verdicts, opened
from tests.unit.captured import CAPTURED, judged, load


def drawn_requests(run) -> int:
    """Requests a timeline must draw: each served one, and each cut without an answer."""
    return sum(
        1
        for variant in run.observation.variants
        for record in variant.requests
        if record.served or (not record.answered and record.client_end is not None)
    )


@pytest.fixture(scope="module")
def every_run():
    return [judged(path.stem) for path in CAPTURED]


def test_a_verify_report_opens_with_every_verdict_in_its_table_each_linked_to_its_run(tmp_path, every_run):
    path = tmp_path / "verify.html"
    html_report.write_verify(every_run, path)
    with opened(path) as seen:
        assert displayed_verdicts(seen.page) == {
            (run.judgement.claim, run.observation.uwsgi_version): run.judgement.verdict.value
            for run in every_run
        }
        seen.screenshot("verify-1280")
        link = seen.page.locator("table.verdicts td.verdict a").nth(5)
        claim = link.locator("xpath=..").get_attribute("data-claim")
        version = link.locator("xpath=..").get_attribute("data-version")
        link.click()
        target = seen.page.locator("article.run:target")
        assert target.count() == 1 and target.is_visible()
        heading = target.locator("h2").inner_text()
        assert f"({claim})" in heading and f"uWSGI {version}" in heading


@pytest.mark.parametrize("name", ["threads-2.0.31", "concurrency-2.0.31", "sigterm-2.0.21", "default-2.0.21"])
def test_a_run_report_draws_one_timeline_bar_per_request_and_the_verdict(tmp_path, name):
    run = judged(name)
    path = tmp_path / f"{name}.html"
    html_report.write_run(run, path)
    with opened(path) as seen:
        bars = seen.page.locator("svg.timeline rect.request")
        assert bars.count() == drawn_requests(run) > 0
        for index in range(bars.count()):
            box = bars.nth(index).bounding_box()
            assert box is not None and box["width"] > 0 and box["height"] > 0
        verdict = seen.page.locator("section.verdict h3 span")
        assert verdict.inner_text() == run.judgement.verdict.value
        live = seen.page.locator("figure.tree.live pre").first.inner_text()
        assert live.strip() == run.observation.variants[0].pstree.strip()
        assert seen.page.locator("pre.app-lines").first.inner_text().count("\n") + 1 == len(
            run.observation.variants[0].app_lines
        )
        if name.startswith("threads"):
            seen.screenshot("run-threads-1280")


def test_live_and_article_trees_side_by_side_at_1280_and_stacked_on_a_phone(tmp_path):
    run = judged("threads-2.0.31")
    path = tmp_path / "threads.html"
    html_report.write_run(run, path)
    with opened(path) as seen:
        live = seen.page.locator("figure.tree.live").first.bounding_box()
        article = seen.page.locator("figure.tree.article").bounding_box()
        assert article["x"] > live["x"] + live["width"] - 1 and abs(article["y"] - live["y"]) < 2
    with opened(path, PHONE) as seen:
        live = seen.page.locator("figure.tree.live").first.bounding_box()
        article = seen.page.locator("figure.tree.article").bounding_box()
        assert article["y"] >= live["y"] + live["height"] - 1
        # Nothing makes the whole page scroll sideways: wide trees and tables scroll in their box.
        assert seen.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        seen.screenshot("run-threads-390")


def test_a_verify_report_fits_a_phone_screen(tmp_path, every_run):
    path = tmp_path / "verify.html"
    html_report.write_verify(every_run, path)
    with opened(path, PHONE) as seen:
        assert seen.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert seen.page.locator("table.verdicts td.verdict").first.is_visible()
        seen.screenshot("verify-390")


def test_normalised_pids_leave_no_raw_pid_in_the_trees(tmp_path):
    run = judged("threads-2.0.31")
    path = tmp_path / "normalised.html"
    html_report.write_run(run, path, normalize_pids=True)
    with opened(path) as seen:
        trees = seen.page.locator("figure.tree.live pre").all_inner_texts()
        roles = seen.page.locator(".roles").all_inner_texts()
    pids = {proc.pid for variant in run.observation.variants for proc in variant.processes}
    assert pids
    for pid in pids:
        assert f"({pid})" not in " ".join(trees + roles)


def test_what_a_run_logged_reaches_the_page_as_text_never_as_markup(tmp_path):
    data = load("threads-2.0.31")
    variant = data["variants"][0]
    variant["log"] += (
        "\n15 1 /sleep1?<img/src=http://example.invalid/x.png/onerror=alert(1)> called 23:00:13\n"
    )
    variant["requests"][0]["path"] = "/sleep1?<b>bold</b>"
    run = judge(observation_from_dict(json.loads(json.dumps(data))))
    path = tmp_path / "hostile.html"
    html_report.write_run(run, path)
    with opened(path) as seen:  # no request for the image, no script error
        assert seen.page.locator("main b, main img").count() == 0
        shown = seen.page.locator("main").text_content()
        assert "<b>bold</b>" in shown and "<img/src=http://example.invalid/x.png/onerror=alert(1)>" in shown


def test_printed_nothing_runs_off_an_a4_page_and_each_run_starts_a_page(tmp_path, every_run):
    path = tmp_path / "verify.html"
    html_report.write_verify(every_run[:4], path)
    a4 = {"width": 794, "height": 1123}  # A4 at 96 dpi
    with opened(path, a4) as seen:
        seen.page.emulate_media(media="print")
        assert seen.page.evaluate("document.documentElement.scrollWidth") <= a4["width"]
        wrapped = seen.page.evaluate("getComputedStyle(document.querySelector('pre')).whiteSpace")
        assert wrapped == "pre-wrap"
        assert (
            seen.page.evaluate("getComputedStyle(document.querySelector('article.run')).breakBefore")
            == "page"
        )
        pdf = seen.page.pdf(format="A4")
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert pdf.startswith(b"%PDF") and len(pages) >= 5  # the table, then each of the 4 runs on its own


def test_a_single_runs_page_prints_from_its_first_page(tmp_path):
    path = tmp_path / "threads.html"
    html_report.write_run(judged("threads-2.0.31"), path)
    with opened(path) as seen:
        seen.page.emulate_media(media="print")
        assert (
            seen.page.evaluate("getComputedStyle(document.querySelector('article.run')).breakBefore")
            == "auto"
        )


def test_a_verdict_not_the_expected_one_stands_out_in_the_table_and_in_its_run(tmp_path):
    data = load("threads-2.0.31")
    for variant in data["variants"]:
        variant["log"] = ""  # no spawn lines: "cannot tell", where "holds" is expected
    emptied = judge(observation_from_dict(data))
    kept = judged("default-2.0.31")
    assert not emptied.as_expected and kept.as_expected
    path = tmp_path / "verify.html"
    html_report.write_verify([emptied, kept], path)
    with opened(path) as seen:
        outline = "el => getComputedStyle(el).outlineStyle"
        odd = seen.page.locator(f'td.verdict[data-claim="{emptied.judgement.claim}"]')
        fine = seen.page.locator(f'td.verdict[data-claim="{kept.judgement.claim}"]')
        assert odd.evaluate(outline) == "solid" and fine.evaluate(outline) == "none"
        assert (
            "NOT as expected"
            in seen.page.locator(f"#{odd.locator('a').get_attribute('href')[1:]}").inner_text()
        )
