"""The stamp `make mutation` writes into tests/mutation-survivors.md once every survivor is
listed: a digest of the judging code (sandbox/analysis) it was checked against. A change to the
judging without a new passing `make mutation` fails here, so the gate cannot decay unseen."""

from __future__ import annotations

from tests.mutation_report import LISTED, judging_digest, stamp, stamped_digest


def test_the_digest_follows_the_code(tmp_path):
    (tmp_path / "sandbox" / "analysis").mkdir(parents=True)
    judge = tmp_path / "sandbox" / "analysis" / "judge.py"
    judge.write_text("HOLDS = True\n")
    before = judging_digest(tmp_path)
    judge.write_text("HOLDS = False\n")
    assert judging_digest(tmp_path) != before
    text = stamp("# survivors\n", before)
    assert stamped_digest(text) == before and stamped_digest(stamp(text, "abc")) == "abc"


def test_the_survivors_were_checked_against_todays_judging_code():
    assert stamped_digest(LISTED.read_text()) == judging_digest(), (
        "sandbox/analysis changed since the last passing `make mutation`: run it (about 15 minutes), "
        "kill or list each survivor in tests/mutation-survivors.md, and commit the stamp it writes"
    )
