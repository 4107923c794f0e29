import pytest

from sandbox.analysis import stats
from sandbox.errors import BadOption
from sandbox.runs import sweep


def test_percentile_interpolates_between_ranks():
    values = [0.1, 0.2, 0.3, 0.4]
    assert stats.percentile(values, 0) == 0.1
    assert stats.percentile(values, 100) == 0.4
    assert stats.percentile(values, 50) == pytest.approx(0.25)
    assert stats.percentile([7.0], 99) == 7.0
    assert stats.percentile([], 50) is None


def test_peak_in_flight_counts_overlap_and_not_touching_spans():
    assert stats.peak_in_flight([(0, 1), (0.5, 1.5), (0.9, 2)]) == 3
    assert stats.peak_in_flight([(0, 1), (1, 2), (2, 3)]) == 1  # one ends as the next starts
    assert stats.peak_in_flight([]) == 0


def test_ideal_io_counts_every_thread_and_cpu_only_processes_up_to_the_cores():
    assert stats.ideal_throughput("io", 2, 4, 50, cores=2, concurrency=16) == 160
    assert stats.ideal_throughput("io", 4, 4, 50, cores=2, concurrency=8) == 160  # capped by clients
    assert stats.ideal_throughput("cpu", 1, 4, 50, cores=2, concurrency=8) == 20
    assert stats.ideal_throughput("cpu", 4, 1, 50, cores=2, concurrency=8) == 40  # capped by cores


@pytest.mark.parametrize("text", ["", "0", "1,x", "1,17"])
def test_bad_counts_are_refused(text):
    with pytest.raises(BadOption):
        sweep.counts(text, "--threads")
