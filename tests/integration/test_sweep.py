"""The article's conclusion, measured on a tiny grid with wide margins: threads multiply
I/O-bound throughput; on CPU-bound work 4 threads never run more than one core of Python, while
a second process does unless the machine was saturated (its idle time, measured in the same
window: a busy machine gives "no room to show it", never a false failure)."""

import dataclasses

import pytest

from sandbox.analysis.sweep import NOT_SLOWER
from sandbox.runs import sweep

pytestmark = pytest.mark.docker


@pytest.mark.parametrize("server", ["uwsgi", "gunicorn"])
def test_threads_help_io_and_only_processes_help_cpu(lab_images, server):
    base = sweep.base_commands([server])[server]
    cells, checks = sweep.gil_lesson(server, base)
    failed = [check.words for check in checks if check.shown is False]
    assert not failed, failed
    assert checks[-1].shown is True or checks[-2].shown is None  # shown, or the machine had no room
    cpu_threads, cpu_processes = cells[2], cells[3]
    assert cpu_processes.idle_cores is not None and cpu_processes.machine_cores >= 1
    assert cpu_processes.throughput >= NOT_SLOWER * cpu_threads.throughput
    assert {
        "server", "workload", "processes", "threads", "throughput", "p50", "p95", "p99", "errors",
        "peak_in_flight", "cpu_limit", "idle_cores", "machine_cores",
    } <= set(dataclasses.asdict(cells[0]))  # fmt: skip


def test_the_load_generator_is_not_the_bottleneck(lab_images):
    base = sweep.base_commands(["uwsgi"])["uwsgi"]
    ceiling = sweep.load_generator_ceiling(concurrency=8, duration=1.0, base=base)
    best_possible_cell = 8 * 1000 / 50  # every client served without waiting, at 50 ms per request
    assert ceiling > 3 * best_possible_cell
