"""A user's uWSGI config, resolved by the uWSGI binary of the chosen version, in a throwaway
container of the lab image: `--show-config` with a clock that does not exist, so uWSGI prints
every option it resolved (environment, files in order, includes, placeholders) and stops before
it binds a socket or loads an app; and `--dump-options`, every option name this build knows.

The files travel in the container's environment (no bind mount: the engine may be elsewhere) and
are written to /tmp by the container itself. It runs as root without any capability, with no
network and small limits, on a writable filesystem: a config's `daemonize` or `logto` sends
uWSGI's output to its own file, which the script then finds (a new file holding the dump)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import requests

from sandbox.containers import engine, images, runner
from sandbox.errors import ConfigUnparsed, StartFailed
from sandbox.settings import LAB_LABEL, SESSION_LABEL

CONFIG_DIR = "/tmp/sandbox-config"
RESOLVE_TIMEOUT = 30  # s: uWSGI resolves a config in milliseconds; asap hooks run first
DUMP_END = ";end of configuration"
MARKS = ("=== options", "=== config", "=== uwsgi said")

# Writes each SANDBOX_CONFIG_N variable to its file, runs uWSGI to print the resolved config, waits
# (bounded, 5 s a try, 3 tries) for the dump to end in whichever new file holds it, then prints
# what was found.
_SCRIPT = f"""
set -u
mkdir -p {CONFIG_DIR} && touch {CONFIG_DIR}/.start
python3 -c 'import os
for key, text in os.environ.items():
    if key.startswith("SANDBOX_CONFIG_"):
        open(os.environ["SANDBOX_PATH_" + key[15:]], "w").write(text)'
dump=""
for _ in 1 2 3; do  # a log file in a folder this container lacks: make the folder, ask again
    uwsgi "$@" --show-config --clock sandbox-stop > {CONFIG_DIR}/.said 2>&1 < /dev/null
    for _ in $(seq 50); do
        dump=$(find / -xdev -type f -newer {CONFIG_DIR}/.start 2>/dev/null | xargs -r grep -l '{DUMP_END}' 2>/dev/null | head -n 1)
        [ -n "$dump" ] && break 2
        grep -q 'No such file or directory' {CONFIG_DIR}/.said && break
        sleep 0.1
    done
    missing=$(sed -n 's|^open("\\(/[^"]*\\)"): No such file or directory.*|\\1|p' {CONFIG_DIR}/.said | head -n 1)
    [ -n "$missing" ] || break
    mkdir -p "$(dirname "$missing")"
done
echo '{MARKS[0]}'; uwsgi --dump-options 2>/dev/null
echo '{MARKS[1]}'; [ -n "$dump" ] && cat "$dump"
echo '{MARKS[2]}'; cat {CONFIG_DIR}/.said
"""


def resolve_in_container(
    uwsgi_version: str, argv: Sequence[str], files: Mapping[str, str], env: Mapping[str, str]
) -> tuple[str, str, str]:
    """(every option name this uWSGI knows, its resolved-config dump, what it said) for `uwsgi
    ARGV`, with `files` (path in the container -> text) written first and `env` set."""
    image = images.ensure_image(uwsgi_version)
    variables = dict(env)
    for number, (path, text) in enumerate(files.items()):
        variables[f"SANDBOX_CONFIG_{number}"] = text
        variables[f"SANDBOX_PATH_{number}"] = path
    shown_env = [part for key, value in env.items() for part in ("--env", f"{key}={value}")]
    runner.announce(["docker", "run", "--rm", "--network", "none", "--cap-drop", "ALL", *shown_env, image,
                     "uwsgi", *argv, "--show-config", "--clock", "sandbox-stop"])  # fmt: skip
    container = engine.client().containers.run(
        image,
        ["sh", "-c", _SCRIPT, "resolve", *argv],
        detach=True,
        user="0:0",  # without capabilities: it may write only what root owns, in this container
        network_mode="none",
        cap_drop=["ALL"],
        security_opt=["no-new-privileges:true"],
        mem_limit="256m",
        pids_limit=64,
        environment=variables,
        # as every lab container's (compose.yaml): `make down` and a test's session find it
        labels={LAB_LABEL: "true", SESSION_LABEL: os.environ.get("SANDBOX_SESSION") or "none"},
    )
    try:
        try:
            container.wait(timeout=RESOLVE_TIMEOUT)
        except requests.exceptions.RequestException:  # the wait ran out: no dump to read
            raise ConfigUnparsed(
                f"uWSGI did not finish resolving the config in {RESOLVE_TIMEOUT} s",
                "its exec-asap hooks run before it prints the options: do they end?",
            ) from None
        output = container.logs(stdout=True, stderr=False).decode(errors="replace")
    finally:
        container.remove(force=True)
    if not all(mark in output for mark in MARKS):
        raise StartFailed("uWSGI could not be asked to resolve the config", output[-400:])
    options, rest = output.split(MARKS[0] + "\n", 1)[1].split(MARKS[1] + "\n", 1)
    dump, said = rest.split(MARKS[2] + "\n", 1)
    return options, dump, said
