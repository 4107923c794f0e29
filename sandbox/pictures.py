"""File names for the pictures the lab draws (timelines, sweep heatmaps)."""

from __future__ import annotations

from pathlib import Path

from sandbox.errors import BadOption

PICTURE_SUFFIXES = (".svg", ".png")


def check_picture_name(path: Path | None, option: str) -> None:
    """Refuse a name matplotlib would not write as a picture, before any container starts."""
    if path is not None and path.suffix.lower() not in PICTURE_SUFFIXES:
        raise BadOption(f"{option} {path}: use a .svg or .png file name")
