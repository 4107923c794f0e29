"""The article's conclusion, measured on a tiny grid with wide margins: threads multiply
I/O-bound throughput; on CPU-bound work they add nothing, while a second process does."""

import dataclasses

import pytest

from sandbox.containers import compose, images
from sandbox.runs import sweep

pytestmark = pytest.mark.docker


@pytest.mark.parametrize("server", ["uwsgi", "gunicorn"])
def test_threads_help_io_and_only_processes_help_cpu(lab_images, server):
    # Only the four cells the assertions compare, each its own live container and bounded load.
    base = compose.services()[sweep.SWEEP_SERVICES[server]]["command"]
    if server == "gunicorn":
        images.ensure_service_image(sweep.SWEEP_SERVICES[server], {}, "gunicorn")

    def cell(workload, processes, threads):
        return sweep.run_cell(
            server, workload, processes, threads, ms=50, concurrency=8, duration=1.5, base=base
        )

    io_one, io_threads = cell("io", 1, 1), cell("io", 1, 4)
    cpu_threads, cpu_processes = cell("cpu", 1, 4), cell("cpu", 2, 1)
    cells = [io_one, io_threads, cpu_threads, cpu_processes]
    assert all(c.errors == 0 for c in cells)
    assert io_threads.throughput > 2.5 * io_one.throughput
    assert io_threads.peak_in_flight >= 3  # the server really ran several requests at once
    assert cpu_processes.throughput > 1.3 * cpu_threads.throughput
    assert {
        "server",
        "workload",
        "processes",
        "threads",
        "throughput",
        "p50",
        "p95",
        "p99",
        "errors",
        "peak_in_flight",
        "cpu_limit",
    } <= set(dataclasses.asdict(io_one))


def test_the_load_generator_is_not_the_bottleneck(lab_images):
    base = compose.services()[sweep.SWEEP_SERVICES["uwsgi"]]["command"]
    ceiling = sweep.load_generator_ceiling(concurrency=8, duration=1.0, base=base)
    best_possible_cell = 8 * 1000 / 50  # every client served without waiting, at 50 ms per request
    assert ceiling > 3 * best_possible_cell
