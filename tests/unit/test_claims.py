"""Every judge, offline, on real captured runs (tests/data/runs, `make fixtures`), then on the same
runs bent one condition at a time: each condition of each verdict must be load-bearing, and a
verdict comes only from positive evidence for it (anything else is "cannot tell")."""

from __future__ import annotations

import copy
import json

import pytest

from sandbox import catalog
from sandbox.analysis.judge import judge
from sandbox.model.verdicts import Verdict
from sandbox.output.json_run import observation_from_dict
from sandbox.output.wording import Namer
from tests.unit.captured import CAPTURED, load

HOLDS, DIFFERS, CANNOT_TELL = Verdict.HOLDS, Verdict.DIFFERS, Verdict.CANNOT_TELL


def verdict(data: dict) -> Verdict:
    return judge(observation_from_dict(data)).judgement.verdict


def bent(name: str, change) -> dict:
    """A captured run with one thing changed by `change(data)`."""
    data = copy.deepcopy(load(name))
    change(data)
    return data


def variant(data: dict, index: int = 0) -> dict:
    return data["variants"][index]


def part(data: dict, name: str) -> dict:
    parts = {v.service: v.part for v in catalog.find(data["scenario"]).variants}
    return next(v for v in data["variants"] if parts[v["service"]] == name)


def add_log(raw: dict, *lines: str) -> None:
    raw["log"] += "".join(line + "\n" for line in lines)


def add_process(raw: dict, pid: int, ppid: int, threads: tuple[int, ...] = ()) -> None:
    raw["processes"].append(
        {"pid": pid, "ppid": ppid, "role": "", "cores": None, "cmdline": ["uwsgi"], "threads": list(threads),
         "thread_names": ["uwsgi"] * len(threads)}
    )  # fmt: skip


def pages(raw: dict) -> list[dict]:
    return [r for r in raw["requests"] if r["path"] in ("/sleep1", "/sleep2")]


def lose(record: dict) -> None:
    record.update(
        status=None, pid=None, ppid=None, tid=None, server_start=None, server_end=None, error="reset"
    )


def test_there_is_a_capture_of_every_scenario_on_both_versions():
    names = {path.stem for path in CAPTURED}
    assert names == {f"{s.name}-{v}" for s in catalog.SCENARIOS for v in ("2.0.31", "2.0.21")}


@pytest.mark.parametrize("path", CAPTURED, ids=lambda p: p.stem)
def test_offline_verdict_is_the_expected_one(path):
    data = json.loads(path.read_text())
    run = judge(observation_from_dict(data))
    assert run.judgement.verdict == catalog.find(data["scenario"]).expected_verdict(data["uwsgi_version"])
    namer = Namer(run.observation)
    assert run.judgement.evidence and namer.fact(run.judgement.summary)
    assert all(namer.fact(fact) for fact in run.judgement.evidence)  # every hole fills


# C1: default options, one request at a time ---------------------------------------------


def test_c1_holds_on_the_capture():
    assert verdict(load("default-2.0.31")) == HOLDS


def test_c1_differs_when_the_two_requests_overlap():
    def overlap(data):
        first, second = sorted(pages(variant(data)), key=lambda r: r["server_start"])
        second["server_start"] = first["server_start"] + 0.1

    assert verdict(bent("default-2.0.31", overlap)) == DIFFERS


def test_c1_cannot_tell_when_a_request_failed_or_is_missing():
    assert verdict(bent("default-2.0.31", lambda d: lose(pages(variant(d))[0]))) == CANNOT_TELL
    assert verdict(bent("default-2.0.31", lambda d: variant(d)["requests"].pop())) == CANNOT_TELL


def test_c1_cannot_tell_when_the_requests_were_not_sent_together():
    def apart(data):
        later = pages(variant(data))[1]
        later["client_start"] = pages(variant(data))[0]["client_start"] + 1.0

    assert verdict(bent("default-2.0.31", apart)) == CANNOT_TELL


def test_c1_a_spread_of_a_few_milliseconds_still_counts_as_together():
    def close(data):
        later = pages(variant(data))[1]
        later["client_start"] = pages(variant(data))[0]["client_start"] + 0.05

    assert verdict(bent("default-2.0.31", close)) == HOLDS


def test_c1_cannot_tell_with_more_than_the_default_one_worker():
    def two_workers(data):
        add_log(variant(data), "spawned uWSGI worker 2 (pid: 40, cores: 1)")
        add_process(variant(data), 40, 1)

    assert verdict(bent("default-2.0.31", two_workers)) == CANNOT_TELL


def test_c1_cannot_tell_when_one_after_the_other_but_in_two_processes():
    def other_pid(data):
        add_log(variant(data), "spawned uWSGI worker 2 (pid: 40, cores: 1)")
        pages(variant(data))[1]["pid"] = 40

    assert verdict(bent("default-2.0.31", other_pid)) == CANNOT_TELL


# C2: --workers, --processes and -p -------------------------------------------------------


def test_c2_holds_on_the_capture():
    assert verdict(load("workers-2.0.31")) == HOLDS


def test_c2_differs_when_one_spelling_spawned_other_workers():
    def fewer(data):
        raw = variant(data, 1)
        raw["log"] = "\n".join(line for line in raw["log"].splitlines() if "worker 3" not in line)

    assert verdict(bent("workers-2.0.31", fewer)) == DIFFERS


def test_c2_differs_with_a_master():
    assert (
        verdict(
            bent("workers-2.0.31", lambda d: add_log(variant(d, 2), "spawned uWSGI master process (pid: 77)"))
        )
        == DIFFERS
    )


def test_c2_differs_when_the_first_process_is_not_worker_1():
    respawned = "Respawned uWSGI worker 2 (new pid: 1)"  # the root now is worker 2; workers 1-3 all spawned
    assert verdict(bent("workers-2.0.31", lambda d: add_log(variant(d, 0), respawned))) == DIFFERS


def test_c2_differs_when_the_trees_differ():
    def other_tree(data):
        raw = variant(data, 1)
        raw["pstree"] = raw["pstree"].splitlines()[0].split("─┬─")[0] + "───uwsgi(99)\n"

    assert verdict(bent("workers-2.0.31", other_tree)) == DIFFERS


@pytest.mark.parametrize(
    "missing",
    [
        lambda raw: raw.update(log=""),  # no spawn lines
        lambda raw: raw.update(pstree=""),  # no tree
        lambda raw: raw.update(processes=[]),  # no first process
        lambda raw: raw.update(log=raw["log"].replace("(pid: 1,", "(pid: 91,")),  # the root's role unknown
    ],
    ids=["spawn-lines", "pstree", "processes", "root-role"],
)
def test_c2_cannot_tell_when_a_variant_lacks_evidence(missing):
    assert verdict(bent("workers-2.0.31", lambda d: missing(variant(d, 1)))) == CANNOT_TELL


# C3: --processes 3 ------------------------------------------------------------------------


def test_c3_holds_on_the_capture():
    assert verdict(load("processes-2.0.31")) == HOLDS


def test_c3_differs_with_a_master():
    assert (
        verdict(
            bent("processes-2.0.31", lambda d: add_log(variant(d), "spawned uWSGI master process (pid: 77)"))
        )
        == DIFFERS
    )


def test_c3_differs_with_a_third_child():
    def third(data):
        add_log(variant(data), "spawned uWSGI worker 4 (pid: 40, cores: 1)")
        add_process(variant(data), 40, 1)

    assert verdict(bent("processes-2.0.31", third)) == DIFFERS


def test_c3_differs_with_a_grandchild():
    def grandchild(data):
        child = next(p for p in variant(data)["processes"] if p["ppid"] == 1)
        add_process(variant(data), 40, child["pid"])

    assert verdict(bent("processes-2.0.31", grandchild)) == DIFFERS


def test_c3_differs_when_the_parent_is_not_worker_1():
    assert (
        verdict(
            bent("processes-2.0.31", lambda d: add_log(variant(d), "Respawned uWSGI worker 5 (new pid: 1)"))
        )
        == DIFFERS
    )


def test_c3_differs_when_the_children_are_other_workers():
    def renumbered(data):
        child = next(p for p in variant(data)["processes"] if p["ppid"] == 1)
        add_log(variant(data), f"Respawned uWSGI worker 5 (new pid: {child['pid']})")

    assert verdict(bent("processes-2.0.31", renumbered)) == DIFFERS


def test_c3_cannot_tell_without_a_tree_or_with_an_unnamed_root():
    assert verdict(bent("processes-2.0.31", lambda d: variant(d).update(processes=[]))) == CANNOT_TELL
    unnamed = lambda d: variant(d).update(log=variant(d)["log"].replace("(pid: 1,", "(pid: 91,"))  # noqa: E731
    assert verdict(bent("processes-2.0.31", unnamed)) == CANNOT_TELL


# C4: --processes 3 --threads 4 ---------------------------------------------------------------


def _worker_pids(raw: dict) -> list[int]:
    return [p["pid"] for p in raw["processes"] if p["threads"]]


def test_c4_holds_on_the_capture():
    assert verdict(load("threads-2.0.31")) == HOLDS


def test_c4_differs_when_a_worker_lacks_threads():
    def fewer(data):
        worker = next(p for p in variant(data)["processes"] if p["threads"])
        worker["threads"], worker["thread_names"] = worker["threads"][:1], worker["thread_names"][:1]

    assert verdict(bent("threads-2.0.31", fewer)) == DIFFERS


def test_c4_differs_when_a_worker_has_other_cores():
    def cores(data):
        pid = _worker_pids(variant(data))[0]
        add_log(variant(data), f"Respawned uWSGI worker 2 (new pid: {pid}, cores: 3)")

    assert verdict(bent("threads-2.0.31", cores)) == DIFFERS


def test_c4_differs_with_two_workers():
    def two(data):
        raw = variant(data)
        raw["log"] = "\n".join(line for line in raw["log"].splitlines() if "worker 3" not in line)

    assert verdict(bent("threads-2.0.31", two)) == DIFFERS


def test_c4_cannot_tell_without_workers_or_their_cores():
    assert verdict(bent("threads-2.0.31", lambda d: variant(d).update(log=""))) == CANNOT_TELL
    no_cores = lambda d: variant(d).update(log=variant(d)["log"].replace(", cores: 4)", ")"))  # noqa: E731
    assert verdict(bent("threads-2.0.31", no_cores)) == CANNOT_TELL


# C5: --processes 3, two requests at once --------------------------------------------------------


def test_c5_holds_on_the_capture():
    assert verdict(load("concurrency-2.0.31")) == HOLDS


def test_c5_differs_when_the_pages_ran_one_after_the_other():
    def serial(data):
        first, second = pages(variant(data))
        second["server_start"] = first["server_end"] + 0.01
        second["server_end"] = second["server_start"] + 1

    assert verdict(bent("concurrency-2.0.31", serial)) == DIFFERS


def test_c5_cannot_tell_when_not_sent_together_or_not_all_served():
    def apart(data):
        first, second = pages(variant(data))
        second["client_start"] = first["client_start"] + 1

    assert verdict(bent("concurrency-2.0.31", apart)) == CANNOT_TELL
    favicon = lambda d: lose(next(r for r in variant(d)["requests"] if r["path"] == "/favicon.ico"))  # noqa: E731
    assert verdict(bent("concurrency-2.0.31", favicon)) == CANNOT_TELL
    assert verdict(bent("concurrency-2.0.31", lambda d: lose(pages(variant(d))[0]))) == CANNOT_TELL


def test_c5_cannot_tell_without_three_workers():
    def two(data):
        raw = variant(data)
        raw["log"] = "\n".join(line for line in raw["log"].splitlines() if "worker 3" not in line)

    assert verdict(bent("concurrency-2.0.31", two)) == CANNOT_TELL


def test_c5_cannot_tell_when_the_overlap_is_in_one_process_or_outside_the_workers():
    def same(data):
        first, second = pages(variant(data))
        second["pid"] = first["pid"]

    assert verdict(bent("concurrency-2.0.31", same)) == CANNOT_TELL

    def stranger(data):
        pages(variant(data))[0]["pid"] = 55  # no spawn line names it

    assert verdict(bent("concurrency-2.0.31", stranger)) == CANNOT_TELL


# C6: --enable-threads ---------------------------------------------------------------------------------


def _ticks(raw: dict, ticks: int) -> None:
    ticker = raw["measurements"]["ticker"]
    ticker["ticks_after"] = {pid: ticker["ticks_before"].get(pid, 0) + ticks for pid in ticker["ticks_after"]}


def test_c6_holds_on_2_0_21_and_differs_on_2_0_31():
    assert verdict(load("enable-threads-2.0.21")) == HOLDS
    assert verdict(load("enable-threads-2.0.31")) == DIFFERS


def test_c6_a_free_thread_without_uwsgi_saying_threads_are_on_is_not_the_alternative():
    assert verdict(bent("enable-threads-2.0.21", lambda d: _ticks(part(d, "off"), 40))) == CANNOT_TELL


def test_c6_a_thread_that_never_ticked_anywhere_is_not_differs():
    def stalled(data):
        for raw in data["variants"]:
            _ticks(raw, 0)

    assert verdict(bent("enable-threads-2.0.31", stalled)) == CANNOT_TELL


def test_c6_an_in_between_rate_is_refused():
    assert verdict(bent("enable-threads-2.0.21", lambda d: _ticks(part(d, "off"), 14))) == CANNOT_TELL
    assert verdict(bent("enable-threads-2.0.31", lambda d: _ticks(part(d, "off"), 14))) == CANNOT_TELL


@pytest.mark.parametrize("which", ["on", "threads"])
def test_c6_holds_only_when_both_options_let_the_thread_run(which):
    assert verdict(bent("enable-threads-2.0.21", lambda d: _ticks(part(d, which), 0))) == CANNOT_TELL


@pytest.mark.parametrize("which", ["off", "on", "threads"])
def test_c6_needs_uwsgis_own_word_on_thread_support(which):
    def silent(data):
        raw = part(data, which)
        raw["log"] = "\n".join(line for line in raw["log"].splitlines() if "hreads support" not in line)

    assert verdict(bent("enable-threads-2.0.21", silent)) == CANNOT_TELL


def test_c6_cannot_tell_without_the_measurement():
    assert (
        verdict(bent("enable-threads-2.0.21", lambda d: part(d, "off").update(measurements={})))
        == CANNOT_TELL
    )
    assert (
        verdict(bent("enable-threads-2.0.31", lambda d: part(d, "threads").update(measurements={})))
        == CANNOT_TELL
    )


# C7: Django's extra child -----------------------------------------------------------------------------


def _child(raw: dict) -> dict:
    return next(p for p in raw["processes"] if p["ppid"] == 1)


def test_c7_differs_on_both_versions():
    assert verdict(load("django-2.0.31")) == DIFFERS
    assert verdict(load("django-2.0.21")) == DIFFERS


def test_c7_would_hold_if_django_itself_forked_an_unnamed_child_with_and_without_http():
    def django_forks(data):
        http = part(data, "http")
        http["log"] = "\n".join(line for line in http["log"].splitlines() if "spawned uWSGI http" not in line)
        add_process(part(data, "http-socket"), 99, 1)

    assert verdict(bent("django-2.0.31", django_forks)) == HOLDS


def test_c7_cannot_tell_when_the_child_shows_up_without_http_too():
    assert verdict(bent("django-2.0.31", lambda d: add_process(part(d, "http-socket"), 99, 1))) == CANNOT_TELL


def test_c7_cannot_tell_when_the_child_is_not_named_the_router():
    def unnamed(data):
        http = part(data, "http")
        http["log"] = "\n".join(line for line in http["log"].splitlines() if "spawned uWSGI http" not in line)

    assert verdict(bent("django-2.0.31", unnamed)) == CANNOT_TELL


def test_c7_cannot_tell_with_a_second_child_or_a_request_the_router_served():
    assert verdict(bent("django-2.0.31", lambda d: add_process(part(d, "http"), 99, 1))) == CANNOT_TELL

    def router_served(data):
        http = part(data, "http")
        http["requests"][0]["pid"] = _child(http)["pid"]

    assert verdict(bent("django-2.0.31", router_served)) == CANNOT_TELL


def test_c7_cannot_tell_without_a_served_request_or_a_tree():
    assert verdict(bent("django-2.0.31", lambda d: lose(part(d, "http")["requests"][0]))) == CANNOT_TELL
    assert (
        verdict(bent("django-2.0.31", lambda d: part(d, "http-socket").update(processes=[]))) == CANNOT_TELL
    )


# C8: --py-autoreload ------------------------------------------------------------------------------------


def test_c8_holds_on_both_versions():
    assert verdict(load("autoreload-2.0.31")) == HOLDS
    assert verdict(load("autoreload-2.0.21")) == HOLDS


def test_c8_differs_without_the_reloader_line():
    def quiet(data):
        for raw in data["variants"]:
            raw["log"] = raw["log"].replace("Python auto-reloader enabled", "")

    assert verdict(bent("autoreload-2.0.31", quiet)) == DIFFERS


def test_c8_differs_without_a_master():
    def no_master(data):
        raw = part(data, "plain")
        raw["log"] = raw["log"].replace(
            "spawned uWSGI master process (pid: 1)", "spawned uWSGI worker 9 (pid: 1, cores: 1)"
        )

    assert verdict(bent("autoreload-2.0.31", no_master)) == DIFFERS


def test_c8_differs_when_the_worker_has_another_thread():
    def two_threads(data):
        worker = _child(part(data, "plain"))
        worker["threads"].append(990)
        worker["thread_names"].append("uwsgi")

    assert verdict(bent("autoreload-2.0.31", two_threads)) == DIFFERS


@pytest.mark.parametrize("which", ["plain", "django"])
def test_c8_differs_with_another_number_of_children(which):
    assert verdict(bent("autoreload-2.0.31", lambda d: add_process(part(d, which), 99, 1))) == DIFFERS


def test_c8_differs_without_a_worker():
    def no_worker(data):
        raw = part(data, "plain")
        raw["log"] = (
            raw["log"].replace("spawned uWSGI worker 1", "spawned uWSGI http 1").replace(", cores: 1)", ")")
        )

    assert verdict(bent("autoreload-2.0.31", no_worker)) == DIFFERS


def test_c8_cannot_tell_without_a_named_tree():
    assert verdict(bent("autoreload-2.0.31", lambda d: part(d, "django").update(processes=[]))) == CANNOT_TELL

    def unnamed(data):
        raw = part(data, "plain")
        raw["log"] = raw["log"].replace("spawned uWSGI master process (pid: 1)", "")

    assert verdict(bent("autoreload-2.0.31", unnamed)) == CANNOT_TELL
