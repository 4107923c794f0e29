"""Golden words of the judging cases (tests/unit/test_judging_snapshot.py): one file per case."""

from pathlib import Path

HERE = Path(__file__).parent


def golden_path(case: str) -> Path:
    return HERE / f"{case}.txt"


def write_golden(case: str, text: str) -> None:
    golden_path(case).write_text(text)
