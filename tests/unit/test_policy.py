"""The verdict policy: "holds" or "differs" only from all of that side's evidence, and from
exactly one side; everything else is "cannot tell", saying what was missing."""

from __future__ import annotations

import pytest

from sandbox.analysis.policy import both, decide, either, known, lacking, need, negated
from sandbox.model.evidence import Fact
from sandbox.model.verdicts import Verdict
from sandbox.output.wording import Namer

HOLDS, DIFFERS, CANNOT_TELL = Verdict.HOLDS, Verdict.DIFFERS, Verdict.CANNOT_TELL
SUMMARY = Fact("what the run showed")


def words(fact: Fact) -> str:
    return Namer.__new__(Namer).fact(fact)


@pytest.mark.parametrize(
    ("given", "holds", "differs", "verdict"),
    [
        ((), (True, True), (False,), HOLDS),
        ((), (True, None), (False,), CANNOT_TELL),  # one condition not observed
        ((), (True, False), (False,), CANNOT_TELL),  # one shown otherwise: still no alternative
        ((), (False,), (True, True), DIFFERS),
        ((), (False,), (True, None), CANNOT_TELL),
        ((), (True,), (True,), CANNOT_TELL),  # both sides: the run contradicts itself
        ((), (), (True,), DIFFERS),
        ((), (True,), (), HOLDS),
        ((), (), (), CANNOT_TELL),  # no evidence is no evidence
        ((True,), (True,), (False,), HOLDS),
        ((None,), (True,), (False,), CANNOT_TELL),  # what both sides need, missing
        ((False,), (False,), (True,), CANNOT_TELL),
    ],
)
def test_a_verdict_needs_all_of_its_own_evidence_and_none_of_the_other(given, holds, differs, verdict):
    conditions = lambda values, side: [need(f"{side} {n}", value) for n, value in enumerate(values)]  # noqa: E731
    found = decide(
        SUMMARY,
        [Fact("an observation")],
        given=conditions(given, "given"),
        holds=conditions(holds, "holds"),
        differs=conditions(differs, "differs"),
    )
    assert found.verdict == verdict
    assert found.evidence[0] == Fact("an observation")


def test_cannot_tell_says_what_each_side_lacked():
    found = decide(SUMMARY, [], holds=[need("a", True), need("b", None)], differs=[need("c", False)])
    said = words(found.summary)
    assert said.startswith("what the run showed; neither verdict has all its evidence")
    assert "b (not observed)" in said and "c (the run shows otherwise)" in said and "a (" not in said
    assert words(found.evidence[-1]) in said


def test_a_missing_given_is_named_before_anything_else():
    found = decide(
        SUMMARY,
        [],
        given=[need("the stop", None), need("the log", True)],
        holds=[need("a", True)],
        differs=(),
    )
    assert found.verdict == CANNOT_TELL
    assert words(found.summary) == "what the run showed; cannot judge without: the stop (not observed)"


def test_both_sides_shown_is_named_a_contradiction():
    found = decide(SUMMARY, [], holds=[need("a", True)], differs=[need("b", True)])
    assert (
        words(found.summary)
        == "what the run showed; the run shows both what the claim says and its alternative"
    )


def test_a_verdict_keeps_the_summary_and_evidence_as_given():
    found = decide(SUMMARY, [Fact("x")], holds=[need("a", True)], differs=[need("b", False)])
    assert (found.summary, found.evidence) == (SUMMARY, (Fact("x"),))


def test_lacking_names_only_what_is_not_shown():
    assert lacking([need("a", True), need("b", None), need("c", False)]) == [
        Fact("{} (not observed)", Fact("b")),
        Fact("{} (the run shows otherwise)", Fact("c")),
    ]


@pytest.mark.parametrize(
    ("values", "all_of", "any_of"),
    [
        ((True, True), True, True),
        ((True, None), None, True),
        ((True, False), False, True),
        ((None, None), None, None),
        ((False, None), False, None),
        ((False, False), False, False),
        ((None,), None, None),
    ],
)
def test_three_valued_logic(values, all_of, any_of):
    assert both(*values) is all_of
    assert either(*values) is any_of


def test_negated_and_known_keep_nothing_as_nothing():
    assert (negated(True), negated(False), negated(None)) == (False, True, None)
    assert known(None, lambda v: v > 1) is None
    assert known(2, lambda v: v > 1) is True and known(0, lambda v: v > 1) is False
