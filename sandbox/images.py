"""The lab images: one per uWSGI version, built once from docker/Dockerfile and reused.

Build settings come from compose.yaml's `build:` section (context, Dockerfile, target, args),
so `docker compose build` and `sandbox build` build the same thing. The build context is a
private temporary copy of docker/ and apps/ plus the CA bundle, so a certificate never lands
in the checkout and two builds at once do not share files.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sandbox import compose, console, engine
from sandbox.base_image import OFFICIAL_BASE, ensure_base_image, image_present
from sandbox.ca_bundle import CaBundle, resolve_ca_bundle
from sandbox.errors import BadOption, BuildFailed
from sandbox.paths import IMAGE_LABEL, PROJECT_ROOT, image_tag

_VERSION = re.compile(r"^\d+\.\d+\.\d+(\.\d+)?$")
_STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)")
BUILD_SERVICE = "plain"  # every lab service shares this build section (a YAML anchor)
CONTROLLER_SERVICE = "sandbox"  # the controller's own image (compose.yaml, profile controller)


def check_version(uwsgi_version: str) -> str:
    if not _VERSION.match(uwsgi_version):
        raise BadOption(
            f"'{uwsgi_version}' is not a uWSGI version", "use a release number such as 2.0.31 or 2.0.21"
        )
    return uwsgi_version


def image_exists(uwsgi_version: str) -> bool:
    return image_present(image_tag(uwsgi_version))


def ensure_image(uwsgi_version: str) -> str:
    """The tag of the lab image for this uWSGI version, built on demand (CA bundle from the env)."""
    check_version(uwsgi_version)
    return ensure_service_image(BUILD_SERVICE, {"UWSGI_VERSION": uwsgi_version}, f"uWSGI {uwsgi_version}")


def ensure_service_image(service: str, env: dict[str, str], what: str) -> str:
    """The image of any compose service (e.g. gunicorn's), built on demand from its build section."""
    tag = compose.services(env)[service]["image"]
    if not image_present(tag):
        console.note(f"no image for {what} yet: building it (once; about a minute)")
        build_service_image(service, env, what, resolve_ca_bundle())
    return tag


# What a build may COPY (the same list .dockerignore lets through): never a venv or a report.
CONTEXT_FOLDERS = ("docker", "apps", "sandbox")
CONTEXT_FILES = ("compose.yaml", "pyproject.toml", "README.md")


def _private_context(ca_bundle: CaBundle | None) -> Path:
    context = Path(tempfile.mkdtemp(prefix="sandbox-build-"))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.crt")
    for folder in CONTEXT_FOLDERS:
        shutil.copytree(PROJECT_ROOT / folder, context / folder, ignore=ignore)
    for name in CONTEXT_FILES:
        shutil.copyfile(PROJECT_ROOT / name, context / name)
    if ca_bundle is not None:
        shutil.copyfile(ca_bundle.path, context / "docker" / "ca-certificates" / "extra-ca.crt")
    return context


def ensure_controller_image(force: bool = False, ca_bundle: CaBundle | None = None) -> str:
    """The controller's image (`docker compose run --rm sandbox`), built on demand."""
    tag = compose.services()[CONTROLLER_SERVICE]["image"]
    if force or not image_present(tag):
        build_service_image(CONTROLLER_SERVICE, {}, "the controller", ca_bundle or resolve_ca_bundle())
    else:
        console.note("controller image already built (use --force to rebuild)")
    return tag


def build_image(uwsgi_version: str, ca_bundle: CaBundle | None = None) -> str:
    check_version(uwsgi_version)
    return build_service_image(
        BUILD_SERVICE, {"UWSGI_VERSION": uwsgi_version}, f"uWSGI {uwsgi_version}", ca_bundle
    )


def build_service_image(
    service: str,
    env: dict[str, str],
    what: str,
    ca_bundle: CaBundle | None = None,
    base_image: str = OFFICIAL_BASE,
) -> str:
    """Build a compose service's image from its own `build:` section, in a private context."""
    base = ensure_base_image(base_image)
    settings = compose.services({**env, "BASE_IMAGE": base})[service]
    build, tag = settings["build"], settings["image"]
    args = dict(build.get("args") or {})
    console.show_command(
        [
            "docker",
            "build",
            "-f",
            build["dockerfile"],
            "--target",
            build["target"],
            "-t",
            tag,
            *[f"--build-arg={key}={value}" for key, value in args.items()],
            ".",
        ]
    )
    if ca_bundle is not None:
        console.note(
            f"  trusting extra CA certificates from {ca_bundle.path} ({ca_bundle.source}) in the builder stage"
        )
    context = _private_context(ca_bundle)
    log: list[str] = []
    try:
        stream = engine.client().api.build(
            path=str(context),
            dockerfile=build["dockerfile"],
            target=build["target"],
            tag=tag,
            buildargs=args,
            labels={IMAGE_LABEL: service, "io.uwsgi-sandbox.base-image": base},
            rm=True,
            forcerm=True,
            decode=True,
        )
        _follow(stream, log, what)
    finally:
        shutil.rmtree(context, ignore_errors=True)
    return tag


def _follow(stream, log: list[str], what: str) -> None:
    """Show the classic builder's "Step N/M" lines as a progress bar; fail with its last words."""
    with Progress(
        TextColumn("building {task.fields[what]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console.console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=None, what=what)
        for chunk in stream:
            if "error" in chunk:
                tail = "\n".join(log[-15:])
                # pip says why in its own ERROR: line; docker only says "returned a non-zero code".
                reason = next(
                    (line for line in reversed(log) if line.startswith("ERROR:")), chunk["error"].strip()
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
                progress.update(
                    task,
                    completed=int(step.group(1)) - 1,
                    total=int(step.group(2)),
                    description=step.group(3)[:60],
                )
    console.note(f"  built image for {what}")
