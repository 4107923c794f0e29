"""The stamp `make mutation` writes into tests/mutation-survivors.md once every survivor is
listed: a digest of the judging code (sandbox/analysis) it was checked against. The test that
fails on a stale stamp lands with the first passing `make mutation` (issue 30, slice 4)."""

from __future__ import annotations

from tests.mutation_report import judging_digest, stamp, stamped_digest


def test_the_digest_follows_the_code(tmp_path):
    (tmp_path / "sandbox" / "analysis").mkdir(parents=True)
    judge = tmp_path / "sandbox" / "analysis" / "judge.py"
    judge.write_text("HOLDS = True\n")
    before = judging_digest(tmp_path)
    judge.write_text("HOLDS = False\n")
    assert judging_digest(tmp_path) != before
    text = stamp("# survivors\n", before)
    assert stamped_digest(text) == before and stamped_digest(stamp(text, "abc")) == "abc"
