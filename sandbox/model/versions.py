"""uWSGI versions and ranges of them ("*", "<2.0.27", ">=2.0.27")."""

from __future__ import annotations


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def version_matches(version: str, version_range: str) -> bool:
    if version_range == "*":
        return True
    if version_range.startswith(">="):
        return version_key(version) >= version_key(version_range[2:])
    if version_range.startswith("<"):
        return version_key(version) < version_key(version_range[1:])
    return version == version_range
