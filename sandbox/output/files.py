"""Files the lab is asked to write (reports, pictures, archives): checked before anything runs,
so a verify never runs for minutes only to fail on a path it cannot write."""

from __future__ import annotations

import os
from pathlib import Path

from sandbox.errors import BadOption, ReportPathError

PICTURE_SUFFIXES = (".svg", ".png")


def check_writable(path: Path | None, option: str) -> None:
    """Refuse a file that cannot be created or overwritten, naming the option that asked for it."""
    if path is None:
        return
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ReportPathError(f"{option} {path}: that is a directory", "give a file name")
    if not parent.is_dir():
        raise ReportPathError(
            f"{option} {path}: the folder {parent} does not exist", f"create it: mkdir -p {parent}"
        )
    if not os.access(parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ReportPathError(f"{option} {path}: this user cannot write there", "choose a path you can write")


def check_picture_name(path: Path | None, option: str) -> None:
    """Refuse a name matplotlib would not write as a picture, or cannot write, before any container starts."""
    if path is not None and path.suffix.lower() not in PICTURE_SUFFIXES:
        raise BadOption(f"{option} {path}: use a .svg or .png file name")
    check_writable(path, option)


def hand_over(path: Path) -> None:
    """A file written as root (the controller's container) into someone's folder becomes theirs:
    a student's checkout never fills up with reports they cannot delete."""
    if os.geteuid() != 0 or not path.exists():
        return
    owner = path.resolve().parent.stat()
    if owner.st_uid != 0:
        os.chown(path, owner.st_uid, owner.st_gid)
