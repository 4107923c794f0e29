"""The verdict policy, as a type: a verdict comes only from positive evidence for it.

A judge states, for one part of its scenario, the conditions "holds" needs and the conditions
the specific alternative ("differs") needs, and the conditions both need before either can be
judged (`given`: the stop was observed, the requests were all answered...). Each condition is
what the run shows of it: shown (True), shown otherwise (False), or nothing to tell by (None:
a log never read, a measurement never made, a wait that ran out). `decide` says "holds" or
"differs" only when exactly one side has every condition shown; anything else is "cannot tell",
and the finding says what each side lacked. Removing evidence can turn a condition into None,
never into True: so it can turn a verdict into "cannot tell", never into the other verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sandbox.model.evidence import Fact, Many
from sandbox.model.judged import Checked, Finding
from sandbox.model.verdicts import Verdict

Shown = bool | None  # True: the run shows it; False: it shows otherwise; None: it cannot say


@dataclass(frozen=True)
class Condition:
    """One thing a verdict needs, in words, and what the run showed of it."""

    what: Fact
    shown: Shown


def need(what: str | Fact, shown: Shown) -> Condition:
    return Condition(what if isinstance(what, Fact) else Fact(what), shown)


def all_shown(conditions: Sequence[Condition]) -> bool:
    """Every condition is shown (and there is at least one: no evidence is no evidence)."""
    return bool(conditions) and all(condition.shown is True for condition in conditions)


def lacking(conditions: Sequence[Condition]) -> list[Fact]:
    """What keeps a side from its verdict: each condition not shown, saying how."""
    return [
        Fact(
            "{} (not observed)" if condition.shown is None else "{} (the run shows otherwise)", condition.what
        )
        for condition in conditions
        if condition.shown is not True
    ]


def decide(
    summary: Fact,
    evidence: Sequence[Fact],
    *,
    given: Sequence[Condition] = (),
    holds: Sequence[Condition],
    differs: Sequence[Condition],
) -> Finding:
    """ "holds" or "differs" when exactly that side has all its evidence, else "cannot tell"."""
    checked = tuple(
        Checked(side, condition.what, condition.shown)
        for side, conditions in (("given", given), ("holds", holds), ("differs", differs))
        for condition in conditions
    )
    missing = lacking(given)
    if missing:
        why = Fact("cannot judge without: {}", Many(tuple(missing)))
        return Finding(Verdict.CANNOT_TELL, Fact("{}; {}", summary, why), (*evidence, why), checked)
    for_holds, for_differs = all_shown(holds), all_shown(differs)
    if for_holds and not for_differs:
        return Finding(Verdict.HOLDS, summary, tuple(evidence), checked)
    if for_differs and not for_holds:
        return Finding(Verdict.DIFFERS, summary, tuple(evidence), checked)
    if for_holds:  # both: the run contradicts itself, so it decides nothing
        why = Fact("the run shows both what the claim says and its alternative")
    else:
        why = Fact(
            "neither verdict has all its evidence: holding needs {}; differing needs {}",
            Many(tuple(lacking(holds))),
            Many(tuple(lacking(differs))),
        )
    return Finding(Verdict.CANNOT_TELL, Fact("{}; {}", summary, why), (*evidence, why), checked)


# Three-valued logic for conditions built of several observations ----------------------------


def both(*values: Shown) -> Shown:
    """True when all are True, False when any is False, else None."""
    if any(value is False for value in values):
        return False
    return True if all(value is True for value in values) else None


def either(*values: Shown) -> Shown:
    """True when any is True, False when all are False, else None."""
    if any(value is True for value in values):
        return True
    return False if all(value is False for value in values) else None


def negated(value: Shown) -> Shown:
    return None if value is None else not value


def known(value, test) -> Shown:
    """`test(value)`, or None when there is no value to test."""
    return None if value is None else bool(test(value))
