"""A verdict on a claim: holds, differs, or cannot tell. Each needs its own positive evidence."""

from __future__ import annotations

from enum import Enum


class Verdict(Enum):
    HOLDS = "holds"  # the run shows what the source says
    DIFFERS = "differs"  # the run shows a specific alternative
    CANNOT_TELL = "cannot tell"  # the run shows neither: something was missing

    def __str__(self) -> str:
        return self.value
