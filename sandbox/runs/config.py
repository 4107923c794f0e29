"""`sandbox try --config FILE[:section]`: an engineer's own uWSGI config, in the lab.

The layers resolve in uWSGI's own order, by the uWSGI of the chosen version (never by a parser
of ours): `UWSGI_*` variables (`--env`, `--env-file`), then the files in the order given; the
options typed after `--` come last, so they win. From what uWSGI resolved:
  - the app options are replaced by the lab's app, so each request's process, thread and times
    stay observable;
  - what only makes sense on the engineer's host is neutralised: the log must reach the lab
    (daemonize, logto), the lab's user runs it (uid, gid, chown-socket), pidfiles and sockets
    outside /tmp would need folders the container lacks, and pip's uWSGI has Python built in;
  - names this uWSGI does not know are left out, as uWSGI itself ignores them in a file (a typo
    or a placeholder), and said so.
Each change is listed, with its reason, above the transcript."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sandbox.containers.resolver import CONFIG_DIR, DUMP_END, resolve_in_container
from sandbox.errors import BadOption, ConfigNoSection, ConfigUnparsed, ConfigUnreadable

KINDS = {".ini": "--ini", ".yaml": "--yaml", ".yml": "--yaml", ".json": "--json", ".xml": "--xml"}
# Ours, or the layers themselves (already resolved into the options they set).
OWN = frozenset({"ini", "yaml", "json", "xml", "show-config", "clock", "inherit", "include"})
APP = frozenset(
    {
        "module", "wsgi", "w", "wsgi-file", "file", "callable", "chdir", "chdir2", "home", "virtualenv", "venv",
        "pyhome", "pythonpath", "python-path", "pp", "mount", "manage-script-name", "paste", "eval",
    }
)  # fmt: skip
HOST = {
    "daemonize": "the log must reach the lab, not a file",
    "daemonize2": "the log must reach the lab, not a file",
    "logto": "the log must reach the lab, not a file",
    "logto2": "the log must reach the lab, not a file",
    "log-reopen": "the log must reach the lab, not a file",
    "pidfile": "a host path; the lab reads pids from the tree",
    "pidfile2": "a host path; the lab reads pids from the tree",
    "uid": "the lab's unprivileged user runs uWSGI",
    "gid": "the lab's unprivileged user runs uWSGI",
    "chown-socket": "the lab's unprivileged user runs uWSGI",
    "plugins": "pip's uWSGI has Python built in",
    "plugin": "pip's uWSGI has Python built in",
    "need-plugin": "pip's uWSGI has Python built in",
    "need-plugins": "pip's uWSGI has Python built in",
}
SOCKETS = frozenset({"socket", "uwsgi-socket", "http-socket", "http11-socket", "http", "shared-socket", "s"})
OFF = frozenset({"false", "off", "no"})


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    section: str | None
    text: str

    def inside(self, number: int) -> str:
        """Where the resolver container writes it (the `number`th file given)."""
        return f"{CONFIG_DIR}/{number}{self.path.suffix.lower()}"

    def argv(self, number: int) -> list[str]:
        return [
            KINDS[self.path.suffix.lower()],
            self.inside(number) + (f":{self.section}" if self.section else ""),
        ]


@dataclass(frozen=True)
class Resolved:
    options: tuple[tuple[str, str], ...]  # (name, value) as uWSGI resolved them, in order
    argv: tuple[str, ...]  # what the lab passes on
    changes: tuple[str, ...]  # each option replaced, neutralised or left out, and why


def read_config(spec: str) -> ConfigFile:
    """FILE or FILE:section, read here (the engine may be on another machine)."""
    path, section = Path(spec), None
    if not path.exists() and ":" in spec:
        head, _, tail = spec.rpartition(":")
        path, section = Path(head), tail or None
    if path.suffix.lower() not in KINDS:
        raise ConfigUnreadable(
            f"--config {spec}: not a config uWSGI reads", "give an .ini, .yaml, .json or .xml file"
        )
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise ConfigUnreadable(f"--config {spec}: no such file", f"looked for {path.resolve()}") from None
    except (OSError, UnicodeDecodeError) as failure:
        raise ConfigUnreadable(
            f"--config {spec}: cannot read it: {getattr(failure, 'strerror', None) or failure}"
        ) from None
    return ConfigFile(path, section, text)


def read_env(pairs: Sequence[str], env_file: Path | None) -> dict[str, str]:
    """UWSGI_* variables from KEY=VALUE pairs, after those of an env file (one per line, # comments)."""
    lines = []
    if env_file is not None:
        try:
            lines = [
                line.strip()
                for line in env_file.read_text().splitlines()
                if line.strip() and not line.startswith("#")
            ]
        except (OSError, UnicodeDecodeError) as failure:
            raise ConfigUnreadable(
                f"--env-file {env_file}: cannot read it: {getattr(failure, 'strerror', None) or failure}"
            ) from None
    found = {}
    for pair in [*lines, *pairs]:
        key, equals, value = pair.partition("=")
        key = key.removeprefix("export ").strip()
        if not equals or not key.startswith("UWSGI_"):
            raise BadOption(f"--env {pair}: give UWSGI_NAME=VALUE", "e.g. --env UWSGI_PROCESSES=4")
        found[key] = value
    return found


def parse_dump(dump: str) -> list[tuple[str, str]]:
    """The `key = value` lines of uWSGI's own --show-config dump, in order."""
    found = []
    for line in dump.split(";uWSGI instance configuration", 1)[-1].split(DUMP_END, 1)[0].splitlines():
        name, equals, value = line.partition(" = ")
        if equals:
            found.append((name.strip(), value))
    return found


def lab_argv(options: Sequence[tuple[str, str]], known: frozenset[str]) -> tuple[list[str], list[str]]:
    """The options as argv for the lab, and each change made, in words."""
    argv, changes = [], []
    for name, value in options:
        shown = f"{name} = {value}"
        if name in OWN:
            continue
        if name not in known:
            changes.append(
                f"left out {shown}: not an option of this uWSGI (a typo, or a placeholder), which uWSGI ignores"
            )
        elif name in APP:
            changes.append(
                f"replaced {shown}: the lab's app answers, so each request's process and thread show"
            )
        elif name in HOST:
            changes.append(f"neutralised {shown}: {HOST[name]}")
        elif value.lower() in OFF:
            changes.append(f"left out {shown}: off")
        elif value.lower() == "true":
            argv.append(f"--{name}")
        elif name in SOCKETS and value.startswith("/") and not value.startswith("/tmp/"):
            moved = f"/tmp/{posixpath.basename(value)}"
            changes.append(f"moved {shown} to {moved}: the container can write only /tmp")
            argv.append(f"--{name}={moved}")
        else:  # =: an option whose value is optional (chmod-socket) would take a separate one as a file
            argv.append(f"--{name}={value}")
    return argv, changes


def resolve(uwsgi_version: str, files: Sequence[ConfigFile], env: dict[str, str]) -> Resolved:
    argv = [part for number, config in enumerate(files) for part in config.argv(number)]
    placed = {config.inside(number): config for number, config in enumerate(files)}
    texts = {inside: config.text for inside, config in placed.items()}
    known_text, dump, said = resolve_in_container(uwsgi_version, argv, texts, env)
    options = parse_dump(dump)
    for inside, config in placed.items():  # uWSGI's words, with the user's paths
        said = said.replace(inside, str(config.path))
    for config in files:  # uWSGI only warns, and goes on without it
        if config.section and f'section "{config.section}" in INI configuration file {config.path}' in said:
            raise ConfigNoSection(
                f"--config {config.path}:{config.section}: uWSGI found no section '{config.section}' in it",
                "name a section the file has, e.g. FILE:uwsgi",
            )
    for kind in ("--json", "--xml"):
        if f"unrecognized option '{kind}'" in said:
            raise ConfigUnparsed(
                f"uWSGI {uwsgi_version} here was built without {kind[2:].upper()} configs (no {kind} option)",
                "give the config as .ini or .yaml",
            )
    if not options:
        last = [line for line in said.splitlines() if line.strip() and "getting" not in line][-3:]
        raise ConfigUnparsed("uWSGI could not read the config: " + (" / ".join(last) or "it said nothing"))
    lab, changes = lab_argv(options, frozenset(known_text.split()))
    return Resolved(tuple(options), tuple(lab), tuple(changes))
