"""Every scenario on both uWSGI versions, live, at a short sleep: each verdict is computed from
what the containers did and must be the one the catalog expects for that version."""

import pytest

from sandbox import catalog
from sandbox.analysis import roles
from sandbox.analysis.judge import judge
from sandbox.containers import cleanup, compose
from sandbox.output.json_run import claim_row
from sandbox.output.transcript import golden_transcript
from sandbox.runs.run import observe
from tests.conftest import VERSIONS
from tests.golden.regenerate import golden_path

pytestmark = pytest.mark.docker


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("scenario", catalog.SCENARIOS, ids=lambda s: s.name)
def test_live_verdict_is_the_expected_one(lab_images, scenario, version):
    if scenario.alone:  # judged on load or timing: on a quiet engine, as `verify` runs it
        cleanup.wait_for_removals()
    judged = judge(observe(scenario, version, sleep=1))
    # the evidence in the transcript's words (a Judgement's repr is cut short by pytest)
    assert judged.judgement.verdict == judged.expected, claim_row(judged)["evidence"]
    assert judged.lost_unexpectedly == (), judged.unanswered
    services = compose.services()
    for variant in judged.observation.variants:
        assert list(variant.command) == services[variant.service]["command"]
        if not variant.started:  # an option this uWSGI refuses (L4's --listen above somaxconn)
            continue
        # What the transcript prints is compose.yaml's command, and it is what ran (PID 1's argv).
        assert _ran(next(p for p in variant.processes if p.pid == 1).cmdline, variant.command)
        assert variant.pstree.strip(), variant.label
        assert variant.spawn_lines, variant.label
        assert all(roles.role_of(variant, proc.pid).known for proc in variant.processes), variant.processes
    golden = golden_path(scenario.name, version).read_text()
    assert golden_transcript(judged) == golden, "the normalised tree changed; if on purpose: make golden"


def _ran(cmdline: tuple[str, ...], command: tuple[str, ...]) -> bool:
    """PID 1 runs the command: as given, or (gunicorn, a Python script) behind its interpreter."""
    if cmdline == command:
        return True
    interpreter, script, *args = cmdline
    return "python" in interpreter and script.endswith("/" + command[0]) and tuple(args) == command[1:]


def test_requests_fired_at_once_start_within_milliseconds(lab_images):
    judged = judge(observe(catalog.find("concurrency"), "2.0.31", sleep=1))
    pages = [r for r in judged.observation.variants[0].requests if r.path in ("/sleep1", "/sleep2")]
    assert abs(pages[0].client_start - pages[1].client_start) < 0.05
    assert abs(pages[0].server_start - pages[1].server_start) < 0.5
