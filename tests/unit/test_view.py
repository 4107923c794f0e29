"""The one value every writer renders (output.view): the verify table's rows and links."""

from sandbox.output.view import claim_rows, run_view
from tests.unit.captured import judged


def test_each_claims_row_reads_in_version_order_whatever_order_the_runs_came_in():
    runs = [judged("concurrency-2.0.31"), judged("concurrency-2.0.21")]  # the newer one first
    (row,) = claim_rows(runs)
    assert list(row.cells) == ["2.0.21", "2.0.31"]
    summaries_differ = row.why.startswith("2.0.21: ")
    assert summaries_differ and "; 2.0.31: " in row.why


def test_every_cell_links_to_the_id_of_its_runs_section():
    runs = [judged(name) for name in ("threads-2.0.31", "threads-2.0.21", "sigterm-2.0.31")]
    ids = {run_view(run).anchor for run in runs}
    links = {cell.anchor for row in claim_rows(runs) for cell in row.cells.values()}
    assert links == ids and len(ids) == 3
