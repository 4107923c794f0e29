"""The issue's own check, live: `sandbox run threads --html` and `sandbox verify --set article
--html` write pages that open in headless Chromium with no console error and no request, showing
one timeline bar per request and the verdict table the run's own --json reports."""

from __future__ import annotations

import json

import pytest

from tests.chromium import PHONE, displayed_verdicts, opened
from tests.integration.helpers import has_own_traceback, new_session, sandbox

pytestmark = pytest.mark.docker


def test_a_live_run_page_has_one_bar_per_request_served(lab_images, tmp_path):
    page = tmp_path / "t.html"
    done = sandbox("run", "threads", "--sleep", "1", "--json", "--html", str(page), session=new_session())
    assert done.returncode == 0, done.stderr
    run = json.loads(done.stdout)
    served = [r for v in run["variants"] for r in v["requests"] if r["server_start"] is not None]
    with opened(page) as seen:
        assert seen.page.locator("svg.timeline rect.request").count() == len(served) > 0
        assert seen.page.locator("section.verdict h3 span").inner_text() == run["claims"][0]["verdict"]
        seen.screenshot("live-run-threads-1280")
    with opened(page, PHONE) as seen:
        assert seen.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        seen.screenshot("live-run-threads-390")


def test_a_live_verify_page_opens_with_the_verdicts_the_run_reported(lab_images, tmp_path):
    page = tmp_path / "v.html"
    done = sandbox(
        "verify", "--set", "article", "--uwsgi", "2.0.31", "--sleep", "1", "--json", "--html", str(page),
        session=new_session(), timeout=600,
    )  # fmt: skip
    assert not has_own_traceback(done.stderr), done.stderr
    claims = json.loads(done.stdout)["claims"]
    assert len(claims) == 8
    with opened(page) as seen:
        assert displayed_verdicts(seen.page) == {
            (claim["id"], claim["uwsgi_version"]): claim["verdict"] for claim in claims
        }
        seen.screenshot("live-verify-1280")
    with opened(page, PHONE) as seen:
        assert seen.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        seen.screenshot("live-verify-390")
