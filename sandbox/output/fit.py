"""Fit what the lab prints to a terminal's width without cutting what matters.

Prose wraps between words, never inside a `quoted` span (a log line quoted as evidence stays
whole, on one line); a process tree is never folded, but when it is too wide the ancestors
above uWSGI (the article's `init───bash───`) are set aside, and said so; a shell command wraps
between its arguments with ` \\`, so it still pastes.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

# A word: a run of non-blanks, where a `quoted span` counts as one (it may hold blanks).
WORD = re.compile(r"(?:`[^`]*`|[^\s`])+|`")
TREE_ROOT = re.compile(r"(uwsgi|gunicorn)\(")
TREE_CHARS = set(" │")


def wrap(text: str, width: int, first: int = 0, rest: int = 0) -> list[str]:
    """`text` in lines of at most `width` columns, the first one `first` columns shorter (for a
    lead printed before it), the others `rest` shorter (a hanging indent, added by the caller).
    A word or quote longer than a whole line gets a line of its own, uncut."""
    lines: list[str] = []
    line = ""
    room = width - first
    for word in WORD.findall(text):
        if line and len(line) + 1 + len(word) > room:
            lines.append(line)
            line, room = word, width - rest
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def tree(text: str, width: int) -> tuple[str, str]:
    """A drawn tree that fits `width`, and the words saying what was set aside to fit ("" if
    nothing was). Only the chain of ancestors on the first line above the first uWSGI process
    goes, and only when every other line holds nothing but guides in those columns."""
    lines = text.splitlines()
    if not lines or max(len(line) for line in lines) <= width:
        return text, ""
    root = TREE_ROOT.search(lines[0])
    if root is None or root.start() == 0:
        return text, ""
    cut = root.start()
    if any(set(line[:cut]) - TREE_CHARS for line in lines[1:]):
        return text, ""
    ancestors = lines[0][:cut].strip("├└─ ")
    kept = [lines[0][cut:], *(line[cut:] for line in lines[1:])]
    top = lines[0][cut:].split("─", 1)[0]
    return "\n".join(kept), f"above {top}: {ancestors}"


def command(words: Sequence[str], width: int, lead: str = "$ ") -> list[str]:
    """A shell command (its words, quoted as the shell needs) in lines of at most `width`
    columns where it can be, split between words, each line but the last ending in ` \\` so
    the whole still pastes into a shell. An option stays on the line of its value."""
    units: list[str] = []
    for word in words:
        if units and units[-1].startswith("-") and " " not in units[-1] and not word.startswith("-"):
            units[-1] += " " + word
        else:
            units.append(word)
    lines: list[str] = []
    line = lead.rstrip()
    for unit in units:
        if len(line) + 1 + len(unit) + 2 > width and line.strip() not in ("", lead.strip()):
            lines.append(line + " \\")
            line = "    " + unit
        else:
            line = f"{line} {unit}" if line else unit
    return [*lines, line]


def argv(words: Sequence[str], width: int) -> list[str]:
    """`command` for a program's argv, each word quoted as the shell needs."""
    return command([shlex.quote(word) for word in words], width)
