"""Files the lab writes are checked before anything runs: the option is named, and exit 13."""

import os

import pytest

from sandbox.errors import BadOption, ReportPathError
from sandbox.output.files import check_picture_name, check_writable


def test_a_writable_path_passes(tmp_path):
    check_writable(tmp_path / "r.xml", "--junit")
    check_writable(None, "--junit")


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda tmp: tmp / "missing" / "r.xml", "does not exist"),
        (lambda tmp: tmp, "is a directory"),
    ],
)
def test_an_unwritable_path_is_refused_with_the_option_named(tmp_path, make, said):
    with pytest.raises(ReportPathError, match=said) as failure:
        check_writable(make(tmp_path), "--markdown")
    assert str(failure.value).startswith("--markdown ") and failure.value.exit_code == 13


def test_a_folder_this_user_cannot_write_is_refused(tmp_path, monkeypatch):
    # Root writes anywhere on a writable filesystem, so the kernel's answer is replayed here.
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(ReportPathError, match="cannot write"):
        check_writable(tmp_path / "r.xml", "--junit")


def test_a_picture_needs_a_picture_suffix_and_a_writable_place(tmp_path):
    with pytest.raises(BadOption, match=r"use a \.svg or \.png"):
        check_picture_name(tmp_path / "t.gif", "--timeline")
    with pytest.raises(ReportPathError):
        check_picture_name(tmp_path / "no" / "t.svg", "--timeline")
