"""Every claim function, judged offline on real captured runs (tests/data/runs, `make fixtures`),
and on the same runs bent out of shape, to show each check can fail."""

import copy
import json
from pathlib import Path

import pytest

from sandbox import catalog, claims
from sandbox.report import observation_from_dict

RUNS = Path(__file__).parent.parent / "data" / "runs"
CAPTURED = sorted(RUNS.glob("*.json"))


def load(name: str) -> dict:
    return json.loads((RUNS / f"{name}.json").read_text())


def judge(data: dict) -> claims.Verdict:
    return claims.judge(observation_from_dict(data))


def test_there_is_a_capture_of_every_scenario_on_both_versions():
    names = {path.stem for path in CAPTURED}
    assert names == {f"{s.name}-{v}" for s in catalog.SCENARIOS for v in ("2.0.31", "2.0.21")}


@pytest.mark.parametrize("path", CAPTURED, ids=lambda p: p.stem)
def test_offline_verdict_is_the_expected_one(path):
    data = json.loads(path.read_text())
    verdict = judge(data)
    assert verdict.verdict == catalog.expected_verdict(catalog.find(data["scenario"]), data["uwsgi_version"])
    assert verdict.evidence


def test_c1_differs_when_the_two_requests_overlap():
    data = load("default-2.0.31")
    first, second = data["requests"][:2]
    for record in (data["variants"][0]["requests"][1],):
        record["server_start"] = first["server_start"]  # as if served at the same time
    assert judge(data).verdict == "differs"
    assert second  # the capture has two requests


def test_c1_cannot_tell_when_a_request_failed():
    data = load("default-2.0.31")
    data["variants"][0]["requests"][0].update(status=None, pid=None, server_start=None, error="ReadTimeout")
    assert judge(data).verdict == "cannot tell"


def test_c3_differs_with_a_master():
    data = load("processes-2.0.31")
    data["variants"][0]["log"] = "spawned uWSGI master process (pid: 1)\n" + data["variants"][0]["log"]
    assert judge(data).verdict == "differs"


def test_c4_differs_when_a_worker_lacks_threads():
    data = load("threads-2.0.31")
    worker = next(p for p in data["variants"][0]["processes"] if p["threads"])
    worker["threads"], worker["thread_names"] = worker["threads"][:1], worker["thread_names"][:1]
    assert judge(data).verdict == "differs"


def test_c5_differs_when_the_pages_did_not_overlap():
    data = load("concurrency-2.0.31")
    pages = [r for r in data["variants"][0]["requests"] if r["path"] in ("/sleep1", "/sleep2")]
    pages[1]["server_start"] = pages[0]["server_end"] + 0.01
    pages[1]["server_end"] = pages[1]["server_start"] + 1
    assert judge(data).verdict == "differs"


def test_c6_turns_on_the_stalled_thread():
    held = load("enable-threads-2.0.21")
    assert judge(held).verdict == "holds"
    running = copy.deepcopy(held)
    off = running["variants"][0]["measurements"]["ticker"]
    off["advanced"] = {pid: 40 for pid in off["advanced"]}
    assert judge(running).verdict == "differs"
    missing = copy.deepcopy(held)
    missing["variants"][0]["measurements"] = {}
    assert judge(missing).verdict == "cannot tell"


def test_c7_would_hold_if_django_itself_forked_a_child():
    data = load("django-2.0.31")
    socket_variant = data["variants"][1]
    root = socket_variant["processes"][0]
    socket_variant["processes"].append(
        {
            "pid": 99,
            "ppid": root["pid"],
            "role": "",
            "cores": None,
            "cmdline": ["uwsgi"],
            "threads": [],
            "thread_names": [],
        }
    )
    assert judge(data).verdict == "holds"


def test_c8_differs_without_the_reloader_line():
    data = load("autoreload-2.0.31")
    for variant in data["variants"]:
        variant["log"] = variant["log"].replace("Python auto-reloader enabled", "")
    assert judge(data).verdict == "differs"
