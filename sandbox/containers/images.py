"""The lab images: one per uWSGI version, built once from docker/Dockerfile and reused.

Build settings come from compose.yaml's `build:` section (context, Dockerfile, target, args),
so `docker compose build` and `sandbox build` build the same thing. The build context is a
private temporary copy of the lab's files plus the CA bundle, so a certificate never lands in
the checkout and two builds at once do not share files.

Reused only while current: every image carries a digest of what it was built from (the
Dockerfile, the apps, and for the controller its package), so an image older than the checkout
is rebuilt (quickly: the builder's cache keeps every unchanged layer) instead of running old apps.

Importing this module imports no Docker SDK (only building and checking do): a run computes
what its image must be built from before the SDK is loaded (LabStack, socket_api.py).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sandbox.containers import compose, runner
from sandbox.containers.ca_bundle import CaBundle, resolve_ca_bundle
from sandbox.errors import BadOption, BuildFailed
from sandbox.settings import IMAGE_LABEL, INPUTS_LABEL, PROJECT_ROOT

_VERSION = re.compile(r"^\d+(\.\d+)+$")  # 2.0, 2.0.31, 2.0.5.1: what uWSGI has released
_STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)")
_PIP_ERROR = re.compile(r"^(ERROR:|error: )")
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
BUILD_SERVICE = "plain"  # every lab service shares this build section (a YAML anchor)
CONTROLLER_SERVICE = "sandbox"  # the controller's own image (compose.yaml, profile controller)


def check_version(uwsgi_version: str) -> str:
    if not _VERSION.match(uwsgi_version):
        raise BadOption(
            f"'{uwsgi_version}' is not a uWSGI version", "use a release number such as 2.0.31 or 2.0.21"
        )
    return uwsgi_version


def tag_for(uwsgi_version: str) -> str:
    """The lab image's tag for a uWSGI version, as compose.yaml names it (its only source)."""
    return compose.services({"UWSGI_VERSION": uwsgi_version})[BUILD_SERVICE]["image"]


def image_exists(uwsgi_version: str) -> bool:
    from sandbox.containers.base_image import image_present

    return image_present(tag_for(uwsgi_version))


def ensure_image(uwsgi_version: str, force: bool = False, ca_bundle: CaBundle | None = None) -> str:
    """The tag of the lab image for this uWSGI version, built when missing or stale."""
    check_version(uwsgi_version)
    env = {"UWSGI_VERSION": uwsgi_version}
    return ensure_service_image(BUILD_SERVICE, env, f"uWSGI {uwsgi_version}", force, ca_bundle)


def ensure_for(services: Sequence[str], uwsgi_version: str) -> None:
    """Every image these compose services run (the lab's, gunicorn's), built when missing or stale."""
    check_version(uwsgi_version)
    env = {"UWSGI_VERSION": uwsgi_version}
    settings = compose.services(env)
    by_image = {settings[service]["image"]: service for service in services}
    for tag, service in by_image.items():
        what = f"uWSGI {uwsgi_version}" if settings[service]["build"]["target"] == "lab" else tag
        ensure_service_image(service, env, what)


def ensure_service_image(
    service: str, env: dict[str, str], what: str, force: bool = False, ca_bundle: CaBundle | None = None
) -> str:
    """The image of any compose service, built from its build section when missing, stale or forced.

    The CA bundle defaults to the one the environment names (see ca_bundle.py).
    """
    from sandbox.containers.base_image import image_labels

    settings = compose.services(env)[service]
    tag, digest = settings["image"], inputs_digest(settings["build"])
    labels = image_labels(tag)
    if labels is None:
        version = (settings["build"].get("args") or {}).get("UWSGI_VERSION")
        if version and settings["build"]["target"] == "lab":
            from sandbox.containers import releases  # ssl and urllib: only before a build

            releases.check_released(version)  # before any build: a made-up version is one line
        runner.step(f"no image for {what} yet: building it (once; about a minute)")
    elif labels.get(INPUTS_LABEL) != digest:
        runner.step(f"the image for {what} is older than this checkout's Dockerfile and files: rebuilding it")
    elif not force:
        return tag
    build_service_image(service, env, what, ca_bundle or resolve_ca_bundle())
    return tag


# What a build may COPY (the same list .dockerignore lets through): never a venv or a report.
CONTEXT_FOLDERS = ("docker", "apps", "sandbox")
CONTEXT_FILES = ("compose.yaml", "pyproject.toml", "README.md")
# What each target is built from (besides its build arguments): its digest is on the image.
TARGET_INPUTS = {
    "controller": ("docker/Dockerfile", *CONTEXT_FOLDERS, *CONTEXT_FILES),
}
LAB_INPUTS = ("docker/Dockerfile", "apps")
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.crt")


def _files(relative: str) -> list[Path]:
    root = PROJECT_ROOT / relative
    if root.is_file():
        return [root]
    found = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(PROJECT_ROOT).parts
        if path.is_file() and not any(_IGNORED(str(path.parent), parts)):
            found.append(path)
    return found


def inputs_digest(build: dict) -> str:
    """sha256 of the files a target is built from and of its build arguments (but the base image,
    which differs between a machine that pulls and one that bootstraps)."""
    digest = hashlib.sha256()
    args = {key: value for key, value in (build.get("args") or {}).items() if key != "BASE_IMAGE"}
    digest.update(repr(sorted(args.items())).encode())
    for relative in TARGET_INPUTS.get(build["target"], LAB_INPUTS):
        for path in _files(relative):
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def current_labels(settings: dict) -> dict[str, str]:
    """What an up-to-date image of this resolved compose service carries in its labels."""
    return {INPUTS_LABEL: inputs_digest(settings["build"])}


def _private_context(ca_bundle: CaBundle | None) -> Path:
    context = Path(tempfile.mkdtemp(prefix="sandbox-build-"))
    for folder in CONTEXT_FOLDERS:
        shutil.copytree(PROJECT_ROOT / folder, context / folder, ignore=_IGNORED)
    for name in CONTEXT_FILES:
        shutil.copyfile(PROJECT_ROOT / name, context / name)
    if ca_bundle is not None:
        shutil.copyfile(ca_bundle.path, context / "docker" / "ca-certificates" / "extra-ca.crt")
    return context


def ensure_controller_image(force: bool = False, ca_bundle: CaBundle | None = None) -> str:
    """The controller's image (`docker compose run --rm sandbox`), built when missing or stale."""
    return ensure_service_image(CONTROLLER_SERVICE, {}, "the controller", force, ca_bundle)


def build_service_image(
    service: str,
    env: dict[str, str],
    what: str,
    ca_bundle: CaBundle | None = None,
    base_image: str | None = None,
) -> str:
    """Build a compose service's image from its own `build:` section, in a private context."""
    from sandbox.containers import engine
    from sandbox.containers.base_image import OFFICIAL_BASE, ensure_base_image

    base = ensure_base_image(base_image or OFFICIAL_BASE)
    settings = compose.services({**env, "BASE_IMAGE": base})[service]
    build, tag = settings["build"], settings["image"]
    args = dict(build.get("args") or {})
    flags = ["-f", build["dockerfile"], "--target", build["target"], "-t", tag]
    runner.announce(
        ["docker", "build", *flags, *(f"--build-arg={key}={value}" for key, value in args.items()), "."]
    )
    if ca_bundle is not None:
        runner.note(
            f"  trusting extra CA certificates from {ca_bundle.path} ({ca_bundle.source}) in the builder stage"
        )
    labels = {IMAGE_LABEL: service, INPUTS_LABEL: inputs_digest(build), "io.uwsgi-sandbox.base-image": base}
    context = _private_context(ca_bundle)
    try:
        stream = engine.client().api.build(
            path=str(context), dockerfile=build["dockerfile"], target=build["target"], tag=tag, buildargs=args,
            labels=labels, rm=True, forcerm=True, decode=True,
        )  # fmt: skip
        _follow(stream, [], what)
    finally:
        shutil.rmtree(context, ignore_errors=True)
    return tag


def _plain(line: str) -> str:
    """A build line without the colours pip's stderr gets in the classic builder."""
    return _COLOUR.sub("", line).strip()


def _follow(stream, log: list[str], what: str) -> None:
    """Report the classic builder's "Step N/M" lines as progress; fail with its last words."""
    with runner.reporter().progress(f"building {what}") as advance:
        for chunk in stream:
            if "error" in chunk:
                tail = "\n".join(log[-15:])
                # pip says why in its own error line; docker only says "returned a non-zero code".
                reason = next(
                    (f"pip: {line}" for line in map(_plain, reversed(log)) if _PIP_ERROR.match(line)),
                    chunk["error"].strip(),
                )
                raise BuildFailed(
                    f"building the image for {what} failed: {reason[:300]}",
                    f"last build output:\n{tail}" if tail else "",
                )
            text = chunk.get("stream", "").rstrip()
            if not text:
                continue
            log.append(text)
            step = _STEP.match(text)
            if step:
                advance(int(step.group(1)) - 1, int(step.group(2)), step.group(3)[:60])
    runner.step(f"  built image for {what}")
