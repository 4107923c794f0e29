"""The article's conclusion on four sweep cells (analysis.sweep.gil_checks): each condition at
its edge, and a busy machine giving "no room to show it", never a failure."""

from __future__ import annotations

import dataclasses

import pytest

from sandbox.analysis.sweep import (
    GIL_CEILING,
    IDLE_ENOUGH,
    IO_THREADS_GAIN,
    NOT_SLOWER,
    SweepCheck,
    gil_checks,
    gil_verdict,
)
from sandbox.model.measures import Cell
from sandbox.model.verdicts import Verdict

MS = 50  # a /cpu request burns 50 ms of CPU: one core answers 20 per second


def cell(workload, processes, threads, throughput, **fields) -> Cell:
    base = Cell("uwsgi", workload, processes, threads, throughput, None, None, None, 0, 4, 2.0, 30, 20.0, 1.0)
    return dataclasses.replace(base, **({"idle_cores": 0.9, "machine_cores": 2} | fields))


def checks(io_one=20.0, io_threads=75.0, cpu_threads=19.5, cpu_processes=38.0, **processes_fields):
    return gil_checks(
        cell("io", 1, 1, io_one), cell("io", 1, 4, io_threads), cell("cpu", 1, 4, cpu_threads),
        cell("cpu", 2, 1, cpu_processes, **processes_fields), ms=MS,
    )  # fmt: skip


def shown(found) -> list:
    return [check.shown for check in found]


def test_an_idle_machine_shows_every_part():
    found = checks()
    assert shown(found) == [True] * 5
    assert [check.words for check in found] == [
        "every request answered",
        "I/O-bound: 4 threads answered 75.0/s, more than 2.5 times 1 thread's 20.0/s",
        "I/O-bound: 4 requests in the server at once (3 or more)",
        "CPU-bound: 4 threads in one process ran 0.97 cores of Python (the GIL lets one run: at most 1.05)",
        "CPU-bound: 2 processes ran 1.90 cores of Python (more than 1.05: past the GIL; 0.90 cores stood idle)",
    ]


def test_each_condition_fails_just_past_its_edge():
    assert shown(checks(io_threads=IO_THREADS_GAIN * 20.0))[1] is False
    assert shown(checks(io_threads=IO_THREADS_GAIN * 20.0 + 0.01))[1] is True
    assert shown(checks(cpu_threads=GIL_CEILING * 20.0 + 0.01))[3] is False
    assert shown(checks(cpu_threads=GIL_CEILING * 20.0))[3] is True
    assert shown(checks(cpu_processes=GIL_CEILING * 20.0))[4] is False
    assert shown(checks(cpu_processes=GIL_CEILING * 20.0 + 0.01))[4] is True


def test_an_error_or_too_few_in_flight_fails():
    found = gil_checks(
        cell("io", 1, 1, 20.0), cell("io", 1, 4, 75.0, peak_in_flight=2), cell("cpu", 1, 4, 19.5, errors=1),
        cell("cpu", 2, 1, 38.0), ms=MS,
    )  # fmt: skip
    assert shown(found)[:3] == [False, True, False]
    assert shown(gil_checks(
        cell("io", 1, 1, 20.0), cell("io", 1, 4, 75.0, peak_in_flight=3), cell("cpu", 1, 4, 19.5),
        cell("cpu", 2, 1, 38.0, errors=1), ms=MS,
    ))[:3] == [False, True, True]  # fmt: skip


def test_a_saturated_machine_leaves_no_room_to_show_a_second_core():
    saturated = {"idle_cores": IDLE_ENOUGH - 0.01, "machine_cores": 2}
    found = checks(cpu_processes=20.0, **saturated)
    assert shown(found) == [True, True, True, True, None, True]
    assert found[4].words == (
        "CPU-bound: 2 processes ran 1.00 cores of Python, on a saturated machine (0.49 of its 2 cores idle): "
        "no second core was free to show more"
    )
    assert found[5].words == "CPU-bound: 2 processes answered 20.0/s, at least 0.9 times 4 threads' 19.5/s"
    assert shown(checks(cpu_processes=NOT_SLOWER * 19.5 - 0.01, **saturated))[5] is False
    assert shown(checks(cpu_processes=NOT_SLOWER * 19.5, **saturated))[5] is True
    assert shown(checks(cpu_processes=38.0, **saturated)) == [True] * 5  # past the GIL all the same


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"idle_cores": IDLE_ENOUGH}, "; 0.50 cores stood idle"),  # room enough: it must show
        ({"idle_cores": None}, ""),  # not measured: it must show
    ],
)
def test_with_room_or_without_a_measurement_a_second_core_must_show(fields, words):
    found = checks(cpu_processes=20.0, **fields)
    assert shown(found) == [True, True, True, True, False]
    assert (
        found[4].words
        == f"CPU-bound: 2 processes ran 1.00 cores of Python (more than 1.05: past the GIL{words})"
    )


@pytest.mark.parametrize(
    ("parts", "verdict"),
    [
        ((True, True), Verdict.HOLDS),
        ((True, None), Verdict.CANNOT_TELL),
        ((None, False), Verdict.DIFFERS),
        ((True, False), Verdict.DIFFERS),
    ],
)
def test_the_verdict_needs_every_part_shown_and_none_shown_otherwise(parts, verdict):
    assert gil_verdict([SweepCheck(str(n), shown) for n, shown in enumerate(parts)]) is verdict
