"""Offline classrooms: every lab image, and the controller's, in one archive.

`sandbox export FILE` writes what `docker save IMAGE... | gzip` would (one tar holds layers
shared between images once); `sandbox import FILE` gives it back to the engine (`docker load`
reads gzip itself). A machine with no network then runs every scenario: nothing is pulled or
built at run time. Both go through the engine's API, so they work wherever the engine is.
"""

from __future__ import annotations

import gzip
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sandbox.containers import compose, engine, runner
from sandbox.containers.images import CONTROLLER_SERVICE
from sandbox.errors import BadOption

CHUNK = 1 << 20
# The compose services whose images make up the lab: a uWSGI one (any version), gunicorn's
# (for the sweep), the controller's.
IMAGE_SERVICES = ("plain", "sweep-gunicorn", CONTROLLER_SERVICE)


@dataclass(frozen=True)
class Transfer:
    path: Path
    images: list[str]
    size: int  # bytes of the archive
    seconds: float


def _repository(tag: str) -> str:
    return tag.rsplit(":", 1)[0]


def lab_images() -> list[str]:
    """Every tag of the lab's image repositories present on the engine (all uWSGI versions built)."""
    services = compose.services()
    found: list[str] = []
    for repository in dict.fromkeys(_repository(services[name]["image"]) for name in IMAGE_SERVICES):
        for image in engine.client().images.list(name=repository):
            found += [tag for tag in image.tags if _repository(tag) == repository]
    return sorted(set(found))


def export_images(path: Path, tags: Iterable[str] | None = None) -> Transfer:
    started = time.monotonic()
    tags = sorted(tags) if tags is not None else lab_images()
    if not tags:
        raise BadOption("there is no lab image to export", "build them first: sandbox build --controller")
    runner.announce(["docker", "save", *tags, runner.PIPE, "gzip", "-1", runner.Shell(">"), str(path)])
    api = engine.client().api
    response = api._get(api._url("/images/get"), params={"names": tags}, stream=True)
    api._raise_for_status(response)
    partial = path.with_name(path.name + ".partial")
    try:
        # Level 1: most of the gain (layers are text and code) for a fraction of the time.
        with (
            runner.reporter().status(f"saving {len(tags)} image(s) to {path}"),
            gzip.open(partial, "wb", compresslevel=1) as archive,
        ):
            for chunk in response.iter_content(CHUNK):
                archive.write(chunk)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Transfer(path, tags, path.stat().st_size, time.monotonic() - started)


def import_images(path: Path) -> Transfer:
    started = time.monotonic()
    if not path.is_file():
        raise BadOption(f"{path}: no such archive", "give the file `sandbox export` wrote")
    runner.announce(["docker", "load", "-i", str(path)])
    loaded: list[str] = []
    with path.open("rb") as archive, runner.reporter().status(f"loading images from {path}"):
        for message in engine.client().api.load_image(archive):
            if "error" in message:
                raise BadOption(
                    f"{path}: the engine refused it: {message['error']}", "is it a `sandbox export` archive?"
                )
            stream = message.get("stream", "")
            if stream.startswith("Loaded image: "):
                loaded.append(stream.removeprefix("Loaded image: ").strip())
    return Transfer(path, sorted(loaded), path.stat().st_size, time.monotonic() - started)
