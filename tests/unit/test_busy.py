"""The busy loops a soak keeps beside it (`soak --busy-cores`): they take CPU, they stop with the
soak, and each ends on its own at its deadline."""

from __future__ import annotations

import time

import psutil

from sandbox.runs.busy import busy_cores


def test_the_loops_spin_while_the_block_runs_and_stop_with_it():
    with busy_cores(2, seconds=30) as loops:
        time.sleep(0.5)
        used = [sum(psutil.Process(loop.pid).cpu_times()[:2]) for loop in loops]
        assert len(loops) == 2 and all(loop.poll() is None for loop in loops)
    assert all(seconds > 0.1 for seconds in used), used
    assert all(loop.poll() is not None for loop in loops)


def test_a_loop_ends_on_its_own_at_its_deadline():
    with busy_cores(1, seconds=0.3) as loops:
        loops[0].wait(timeout=10)
        assert loops[0].returncode == 0  # ended by itself, not stopped


def test_no_cores_no_loops():
    with busy_cores(0, seconds=30) as loops:
        assert loops == []
