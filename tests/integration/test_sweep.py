"""The article's conclusion, measured on a tiny grid with wide margins: threads multiply
I/O-bound throughput; on CPU-bound work they add nothing, while a second process does."""

import pytest

from sandbox import sweep

pytestmark = pytest.mark.docker


@pytest.mark.parametrize("server", ["uwsgi", "gunicorn"])
def test_threads_help_io_and_only_processes_help_cpu(lab_images, server):
    result = sweep.sweep([1, 2], [1, 4], ["io", "cpu"], [server], concurrency=8, duration=1.5, ms=50)
    io_one, io_threads = result.cell(server, "io", 1, 1), result.cell(server, "io", 1, 4)
    cpu_threads, cpu_processes = result.cell(server, "cpu", 1, 4), result.cell(server, "cpu", 2, 1)
    assert all(cell.errors == 0 for cell in result.cells)
    assert io_threads.throughput > 2.5 * io_one.throughput
    assert io_threads.peak_in_flight >= 3  # the server really ran several requests at once
    assert cpu_processes.throughput > 1.3 * cpu_threads.throughput
    assert result.ceiling > 3 * max(cell.throughput for cell in result.cells)
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
    } <= set(result.as_dict()["cells"][0])
