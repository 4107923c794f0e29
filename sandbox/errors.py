"""Domain errors. The CLI turns each into one red line, its hint, and its own exit code.

Exit codes (README, "Exit codes"): one per cause, so a script or a CI job can tell them apart.
"""

from __future__ import annotations

EXIT_FOUND_A_PROBLEM = 1  # verify/soak/doctor: a verdict not as expected, or unstable
EXIT_ENGINE_REFUSED = 9  # the engine answered a request with an error
EXIT_INTERNAL = 70  # a bug in the lab


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


class ComposeSettingUnsupported(SandboxError):
    """compose.yaml uses a setting the lab cannot pass on to a container it creates itself."""

    exit_code = 4


class BuildFailed(SandboxError):
    exit_code = 5


class StartFailed(SandboxError):
    """uWSGI refused to start, crashed, or did not become ready in time."""

    exit_code = 6


class NotReadyInTime(StartFailed):
    """uWSGI was still running, and still not ready, when the wait ran out."""


class CaBundleError(SandboxError):
    exit_code = 7


class BadOption(SandboxError):
    exit_code = 8


class RequestsUnanswered(SandboxError):
    """Requests of a scenario got no answer: the lab failed to observe, it is not a verdict."""

    exit_code = 10


class ExecFailed(SandboxError):
    """A command the lab runs inside a container (pstree, its probe, its HTTP client) failed."""

    exit_code = 11


class CommandFailed(SandboxError):
    """An external command (docker, compose, debootstrap) failed; carries what it said."""

    exit_code = 12

    def __init__(self, argv: list[str], returncode: int, stdout: str, stderr: str) -> None:
        last = (stderr or stdout).strip().splitlines()[-1:] or ["(no output)"]
        super().__init__(f"`{' '.join(argv[:4])} ...` failed (exit {returncode}): {last[0]}")
        self.argv, self.returncode, self.stdout, self.stderr = argv, returncode, stdout, stderr


class BadRunFile(SandboxError):
    """A saved run (`run --json`) that `sandbox judge` cannot read: not JSON, not a run, another scenario."""

    exit_code = 14


class ReportPathError(SandboxError):
    """A file the command was asked to write (report, picture, archive) cannot be written."""

    exit_code = 13


# `try --config`: what went wrong with a user's own config, each with its own code.
class ConfigUnreadable(SandboxError):
    """A config file that is missing, unreadable, or of a kind uWSGI does not read."""

    exit_code = 15


class ConfigUnparsed(SandboxError):
    """uWSGI could not read the config (its own message), or this build lacks its kind."""

    exit_code = 16


class ConfigNoSection(SandboxError):
    """The section named after FILE: is not in the file (uWSGI itself only warns)."""

    exit_code = 17


class ConfigRefused(SandboxError):
    """uWSGI refused the resolved config at start (its log says why)."""

    exit_code = 18


class ConfigNeverReady(SandboxError):
    """The resolved config started uWSGI, which never became ready (its last log lines)."""

    exit_code = 19
