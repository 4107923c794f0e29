"""After `mutmut run` (make mutation): the mutation score of sandbox/analysis, and every
surviving mutant checked against tests/mutation-survivors.md, where each one that cannot be
killed is listed with its reason. Exit 1 when a survivor is not listed there.

When every survivor is listed, the file is stamped with a digest of the judging code it was
checked against (`judging_digest`); a unit test fails once that code changes without a new
`make mutation`, so the gate cannot decay unseen between issues."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTED = ROOT / "tests" / "mutation-survivors.md"
STATUS = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    36: "timeout",
    -24: "timeout",  # SIGXCPU: mutmut's CPU-time limit ended a mutant that looped
    None: "not checked",
}


STAMP = re.compile(r"<!-- judging digest: (\w+) -->")


def judging_digest(root: Path = ROOT) -> str:
    """sha256 over every source file of sandbox/analysis, by path and content."""
    digest = hashlib.sha256()
    for path in sorted((root / "sandbox" / "analysis").rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def stamped_digest(text: str) -> str | None:
    match = STAMP.search(text)
    return match[1] if match else None


def stamp(text: str, digest: str) -> str:
    line = f"<!-- judging digest: {digest} -->"
    return STAMP.sub(line, text) if STAMP.search(text) else text.rstrip("\n") + f"\n\n{line}\n"


def statuses() -> dict[str, str]:
    found = {}
    for meta in sorted((ROOT / "mutants" / "sandbox" / "analysis").rglob("*.meta")):
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            found[name] = STATUS.get(code, f"exit {code}")
    return found


def main() -> int:
    found = statuses()
    if not found:
        print("no mutation results: run `make mutation`")
        return 1
    counts = Counter(found.values())
    tested = counts["killed"] + counts["survived"] + counts["timeout"]
    print(f"mutants: {len(found)}; " + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())))
    print(
        f"mutation score (killed or timed out / tested): {(counts['killed'] + counts['timeout']) / tested:.1%}"
    )
    listed = set(re.findall(r"`([\w.]+__mutmut_\d+)`", LISTED.read_text())) if LISTED.exists() else set()
    unlisted = sorted(
        name for name, status in found.items() if status in ("survived", "no tests") and name not in listed
    )
    for name in unlisted:
        print(f"\nnot killed and not listed in {LISTED.name}: {name}")
        shown = subprocess.run(
            [sys.executable, "-m", "mutmut", "show", name], capture_output=True, text=True, cwd=ROOT
        )
        print(shown.stdout.rstrip())
    stale = sorted(listed - {name for name, status in found.items() if status in ("survived", "no tests")})
    if stale:
        print(f"\nlisted but killed (or gone) now, remove from {LISTED.name}: {', '.join(stale)}")
    if unlisted or stale:
        return 1
    LISTED.write_text(stamp(LISTED.read_text(), judging_digest()))
    print(f"{LISTED.name} stamped with the judging code it was checked against")
    return 0


if __name__ == "__main__":
    sys.exit(main())
