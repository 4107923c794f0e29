"""The one reader of server command lines (uWSGI's, and gunicorn's for the sweep).

uWSGI takes `--name value`, `--name=value` and short forms (`-p 3`); a flag takes no value.
Which options a command holds, and their values, are read here and nowhere else: readiness,
`sandbox try`, the fact checks, the roles and the sweep all ask this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sandbox.model.roles import RoleKind

# Options that never take the next word as their value.
FLAGS = frozenset(
    {
        "--master", "-M", "--enable-threads", "--lazy-apps", "--lazy", "--die-on-term", "--thunder-lock",
        "--disable-logging", "--py-call-uwsgi-fork-hooks", "--py-call-osafterfork", "--vacuum", "--strict",
        "--need-app", "--single-interpreter",
    }
)  # fmt: skip
ALIASES = {
    "-p": "--processes",
    "--workers": "--processes",
    "-M": "--master",
    "-s": "--socket",
    "-w": "--module",
}
ROUTER_OPTIONS = {
    "--http": RoleKind.HTTP_ROUTER,
    "--https": RoleKind.HTTPS_ROUTER,
    "--fastrouter": RoleKind.FASTROUTER,
    "--rawrouter": RoleKind.RAWROUTER,
    "--sslrouter": RoleKind.SSLROUTER,
}
SOCKET_OPTIONS = frozenset(
    {
        "--http", "--http-socket", "--https", "--socket", "--uwsgi-socket", "--http11-socket",
        "--fastcgi-socket", "--scgi-socket", "--shared-socket",
    }
)  # fmt: skip
APP_OPTIONS = frozenset(
    {"--wsgi-file", "--file", "--module", "--wsgi", "--mount", "--ini", "--yaml", "--json", "--xml"}
)
# Options with which uWSGI starts a master by itself (UWSGI_OPT_MASTER in core/uwsgi.c).
MASTER_IMPLYING = frozenset(
    {
        "--cheaper",
        "--stats",
        "--touch-reload",
        "--mule",
        "--spooler",
        "--evil-reload-on-rss",
        "--py-autoreload",
    }
)


@dataclass(frozen=True)
class Option:
    name: str  # canonical: --processes for -p and --workers
    value: str | None
    index: int  # where it starts in argv
    width: int  # 1 for `--name=value` or a flag, 2 for `--name value`


def _canonical(name: str) -> str:
    return ALIASES.get(name, name)


@dataclass(frozen=True)
class ServerCommand:
    argv: tuple[str, ...]
    options: tuple[Option, ...]

    @property
    def server(self) -> str:
        return "gunicorn" if self.argv and self.argv[0] == "gunicorn" else "uwsgi"

    def has(self, *names: str) -> bool:
        wanted = {_canonical(name) for name in names}
        return any(option.name in wanted for option in self.options)

    def value(self, name: str) -> str | None:
        """The last value given for an option (uWSGI's rule: the last one wins)."""
        found = [option.value for option in self.options if option.name == _canonical(name)]
        return found[-1] if found else None

    def number(self, name: str, default: int) -> int:
        value = self.value(name)
        return int(value) if value is not None and value.isdigit() else default

    @property
    def workers(self) -> int:
        if self.server == "gunicorn":
            return self.number("--workers", 1)
        return self.number("--processes", 1)

    @property
    def workers_at_start(self) -> int:
        """How many workers spawn at start: with --cheaper, --cheaper-initial (else --cheaper) of them."""
        if self.server == "uwsgi" and self.has("--cheaper"):
            return self.number("--cheaper-initial", self.number("--cheaper", 1))
        return self.workers

    @property
    def threads(self) -> int:
        return self.number("--threads", 1)

    @property
    def routers(self) -> frozenset[RoleKind]:
        return frozenset(kind for option, kind in ROUTER_OPTIONS.items() if self.has(option))

    @property
    def asks_for_master(self) -> bool:
        return self.has("--master") or any(self.has(option) for option in MASTER_IMPLYING)

    def with_value(self, name: str, value: str) -> list[str]:
        """The command with one option's value replaced (the option must be there)."""
        option = next(o for o in reversed(self.options) if o.name == _canonical(name))
        argv = list(self.argv)
        if option.width == 2:
            argv[option.index + 1] = value
        else:
            argv[option.index] = f"{argv[option.index].partition('=')[0]}={value}"
        return argv

    def app_loader(self) -> list[str]:
        """The options that load the app (everything a base command needs besides its socket)."""
        loader: list[str] = []
        for option in self.options:
            if option.name in APP_OPTIONS:
                loader += list(self.argv[option.index : option.index + option.width])
        return loader


def parse(argv: Sequence[str]) -> ServerCommand:
    options: list[Option] = []
    # One pass over the words (a for loop: no change to it can loop forever). A value never
    # starts with "-", so the word after an option that took it is skipped like any other.
    for index, word in enumerate(argv):
        if index == 0 or not word.startswith("-"):
            continue
        name, equals, value = word.partition("=")
        following = argv[index + 1] if index + 1 < len(argv) else None
        if equals:
            options.append(Option(_canonical(name), value, index, 1))
        elif name not in FLAGS and following is not None and not following.startswith("-"):
            options.append(Option(_canonical(name), following, index, 2))
        else:
            options.append(Option(_canonical(name), None, index, 1))
    return ServerCommand(tuple(argv), tuple(options))
