"""Domain errors. The CLI turns each into one red line and its own exit code."""

from __future__ import annotations


class SandboxError(Exception):
    """Something the user can fix; `hint` says how, in one line."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class UnknownName(SandboxError):
    """An unknown scenario, app or claim; the message suggests the nearest name."""

    exit_code = 2


class EngineUnavailable(SandboxError):
    exit_code = 3


class ComposeUnavailable(SandboxError):
    exit_code = 4


class BuildFailed(SandboxError):
    exit_code = 5


class StartFailed(SandboxError):
    """uWSGI refused to start, crashed, or did not become ready in time."""

    exit_code = 6


class CaBundleError(SandboxError):
    exit_code = 7


class BadOption(SandboxError):
    exit_code = 8


class CommandFailed(SandboxError):
    """An external command (docker, compose, debootstrap) failed; carries what it said."""

    def __init__(self, argv: list[str], returncode: int, stdout: str, stderr: str) -> None:
        last = (stderr or stdout).strip().splitlines()[-1:] or ["(no output)"]
        super().__init__(f"`{' '.join(argv[:4])} ...` failed (exit {returncode}): {last[0]}")
        self.argv, self.returncode, self.stdout, self.stderr = argv, returncode, stdout, stderr
