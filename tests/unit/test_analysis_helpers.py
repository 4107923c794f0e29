"""Small pure helpers of the judging: log tails, the sweep's speed-ups, why a request timed out."""

from __future__ import annotations

import dataclasses

from sandbox.analysis import failures
from sandbox.analysis.readiness import log_tail
from sandbox.analysis.sweep import speedups, threads_or_processes
from sandbox.model.measures import Cell, SweepResult
from sandbox.model.observation import RequestRecord, VariantObservation


def test_a_log_tail_folds_repeats_and_keeps_the_last_lines():
    log = "start\n" + "retry\n" * 3 + "\n".join(f"line {n}" for n in range(20)) + "\n"
    tail = log_tail(log, lines=3)
    assert tail == "uWSGI's last log lines:\n  line 17\n  line 18\n  line 19"
    assert log_tail("a\nb\nb\nb\nc\n") == "uWSGI's last log lines:\n  a\n  b  (x3)\n  c"
    assert log_tail("  \n\n") == "uWSGI logged nothing"


def _cell(server: str, workload: str, processes: int, threads: int, throughput: float) -> Cell:
    return Cell(server, workload, processes, threads, throughput, None, None, None, 0, 1, 2.0, 10, 20.0, 1.0)


def test_speedups_compare_most_with_one_and_say_nothing_they_did_not_measure():
    cells = (
        _cell("uwsgi", "io", 1, 1, 20.0), _cell("uwsgi", "io", 1, 4, 80.0),
        _cell("uwsgi", "cpu", 1, 1, 20.0), _cell("uwsgi", "cpu", 1, 4, 19.0), _cell("uwsgi", "cpu", 2, 1, 38.0),
    )  # fmt: skip
    result = SweepResult(cells, 1000.0, 50, 8, 3, 2)
    found = speedups(result, "uwsgi")
    assert found == {"threads_io": 4.0, "threads_cpu": 0.95, "processes_cpu": 1.9}
    assert speedups(result, "gunicorn") == {}
    without_base = SweepResult(cells[1:], 1000.0, 50, 8, 3, 2)
    assert speedups(without_base, "uwsgi")["threads_io"] is None
    zero = SweepResult(
        (_cell("uwsgi", "io", 1, 1, 0.0), _cell("uwsgi", "io", 1, 4, 80.0)), 1000.0, 50, 8, 3, 2
    )
    assert speedups(zero, "uwsgi")["threads_io"] is None


def test_threads_and_processes_compared_at_the_same_count_only_where_memory_was_measured():
    def measured(processes, threads, pss, workload="io"):
        return dataclasses.replace(_cell("uwsgi", workload, processes, threads, 80.0), pss=pss)

    cells = (
        measured(1, 1, 20), measured(1, 2, 21), measured(1, 4, 25), measured(2, 1, 40), measured(4, 1, 80),
        measured(1, 8, 30), measured(4, 1, 999, "cpu"),
    )  # fmt: skip
    threaded, forked = threads_or_processes(SweepResult(cells, 1000.0, 50, 8, 3, 2), "uwsgi")
    assert (threaded.processes, threaded.threads, forked.processes, forked.threads, forked.pss) == (
        1,
        4,
        4,
        1,
        80,
    )
    unmeasured = (*cells[:4], dataclasses.replace(cells[4], pss=None))
    threaded, forked = threads_or_processes(SweepResult(unmeasured, 1000.0, 50, 8, 3, 2), "uwsgi")
    assert (threaded.threads, forked.processes) == (2, 2)
    assert threads_or_processes(SweepResult(cells[:3], 1000.0, 50, 8, 3, 2), "uwsgi") is None
    assert threads_or_processes(SweepResult(cells, 1000.0, 50, 8, 3, 2), "gunicorn") is None


def test_a_full_listen_queue_explains_a_timeout_and_only_a_timeout():
    log = '*** uWSGI listen queue of socket ":18000" (fd: 3) full !!! (5/4) ***\n'
    record = RequestRecord("plain", 1, "/sleep1", 1.0, 2.0, error="timed out")
    variant = VariantObservation("plain", "plain", "main", "c", ("uwsgi",), log=log, requests=[record])
    (lost,) = failures.unanswered(variant)
    assert "listen queue was full" in lost.reason.template and "(5/4)" in lost.reason.args[0].text
    refused = dataclasses.replace(variant, requests=(dataclasses.replace(record, error="refused"),))
    assert failures.unanswered(refused)[0].reason is None


def test_log_tail_folds_only_runs_and_shows_twelve_lines_by_default():
    assert log_tail("a\nb\nc\nc\nc\n") == "uWSGI's last log lines:\n  a\n  b\n  c  (x3)"
    assert log_tail("x\nx\n") == "uWSGI's last log lines:\n  x  (x2)"
    assert log_tail("\n".join(f"l{n}" for n in range(30))).count("\n  ") == 12


def test_why_a_server_will_never_be_ready_word_for_word():
    from sandbox.analysis.readiness import never_ready

    assert (
        never_ready("*** no app loaded. going in full dynamic mode ***")
        == "uWSGI started but could not load the app"
    )
    assert never_ready("fork(): Resource temporarily unavailable") == (
        "uWSGI could not fork all its processes (the container's pids limit, a guard against fork bombs)"
    )
    assert never_ready("spawned uWSGI worker 1 (pid: 1, cores: 1)") is None


def test_a_text_without_a_tree_is_refused_with_its_reason():
    import pytest

    from sandbox.analysis.pstree import parse_pstree

    with pytest.raises(ValueError) as refused:
        parse_pstree("nothing here")
    assert str(refused.value) == "no `name(pid)` node found in pstree output"


def test_routers_missing_from_a_log_are_each_named_in_a_stable_order():
    from sandbox.analysis.readiness import Expectation, missing_evidence
    from sandbox.model.roles import RoleKind

    expected = Expectation(1, frozenset({RoleKind.HTTPS_ROUTER, RoleKind.HTTP_ROUTER}))
    log = "WSGI app 0 (mountpoint='') ready in 0 seconds\nspawned uWSGI worker 1 (pid: 1, cores: 1)\n"
    assert missing_evidence(log, expected) == [
        "the `spawned uWSGI http 1` line",
        "the `spawned uWSGI https 1` line",
    ]


def test_peak_in_flight_goes_down_by_one_per_end():
    from sandbox.analysis.stats import peak_in_flight

    assert peak_in_flight([(0, 1), (2, 4), (3, 5)]) == 2


def test_first_requests_keep_one_per_client_and_an_empty_spread_is_zero():
    from sandbox.analysis.requests import first_requests, start_spread

    records = [
        RequestRecord("s", client, path, start)
        for client, path, start in ((1, "/a", 1.0), (2, "/b", 1.2), (1, "/c", 3.0), (2, "/d", 4.0))
    ]
    assert [r.path for r in first_requests(records)] == ["/a", "/b"]
    assert start_spread([]) == 0.0
    assert round(start_spread(first_requests(records)), 3) == 0.2


def test_a_try_run_has_no_judgement_but_keeps_its_lost_requests():
    import dataclasses

    from sandbox import catalog
    from sandbox.analysis.judge import judge
    from sandbox.model.observation import ScenarioObservation

    try_scenario = dataclasses.replace(catalog.find("default"), claim="", expected=())
    lost = RequestRecord("default", 1, "/x", 1.0, 2.0, error="refused")
    variant = VariantObservation("default", "default", "main", "c", ("uwsgi",), requests=[lost])
    run = judge(ScenarioObservation(try_scenario, "2.0.31", [variant], 1.0))
    assert (run.judgement, run.expected, run.as_expected) == (None, None, True)
    assert [u.record for u in run.unanswered] == [lost] and run.observation.variants == [variant]


def test_workers_come_by_number_whatever_the_order_of_the_tree():
    from sandbox.analysis import roles
    from sandbox.model.observation import ProcessSnapshot

    log = "spawned uWSGI worker 10 (pid: 5, cores: 1)\nspawned uWSGI worker 2 (pid: 9, cores: 1)\n"
    from sandbox.analysis.uwsgi_log import spawn_lines

    tree = (ProcessSnapshot(5, 0, "uwsgi", ()), ProcessSnapshot(9, 5, "uwsgi", ()))
    variant = VariantObservation(
        "v", "v", "main", "c", ("uwsgi",), log=log, spawn_lines=spawn_lines(log), processes=tree
    )
    assert [p.pid for p in roles.workers(variant)] == [9, 5]


def test_the_article_count_reads_only_its_last_tree():
    from sandbox.analysis.factcheck import article_processes

    assert article_processes("uwsgi(1)───uwsgi(2)\n\nuwsgi(5)") == 1
    assert article_processes("(stated, not shown)") is None


def test_the_django_fact_check_mentions_the_socket_variant_only_when_there_is_one():
    from sandbox.analysis import factcheck
    from tests.unit.captured import judged

    observation = judged("django-2.0.31").observation
    (with_socket,) = factcheck.router_not_django(observation)
    assert with_socket.args[1].args == ("Django with --http-socket",)
    http_only = tuple(v for v in observation.variants if v.part == "http")
    (alone,) = factcheck.router_not_django(dataclasses.replace(observation, variants=http_only))
    assert alone.args[1] == ""


def test_sent_counts_the_requests_of_the_fire_or_load_step_named_and_no_other():
    from sandbox import catalog
    from sandbox.analysis.lessons.common import sent
    from sandbox.model.observation import ScenarioObservation
    from sandbox.model.steps import Fire, Load

    for scenario in (catalog.find("listen-queue"), catalog.find("thunder-lock"), catalog.find("recycling")):
        run = ScenarioObservation(scenario, "2.0.31", (), 1.0)
        for step in scenario.steps:
            if isinstance(step, Fire | Load):
                assert sent(run, step.label) == step.sends > 0
        assert sent(run, "no step has this label") == 0
