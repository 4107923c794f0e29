"""`sandbox doctor`: is this machine ready to run the lab? Each failure comes with its fix."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from sandbox import base_image, compose, engine, images
from sandbox.ca_bundle import resolve_ca_bundle
from sandbox.errors import SandboxError
from sandbox.paths import ARTICLE_UWSGI, DEFAULT_UWSGI


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _engine() -> Check:
    try:
        return Check("Docker engine", True, f"answers, version {engine.engine_version()}")
    except SandboxError as failure:
        return Check("Docker engine", False, str(failure), failure.hint)


def _compose() -> Check:
    try:
        argv = compose.compose_command()
    except SandboxError as failure:
        return Check("Compose v2", False, str(failure), failure.hint)
    return Check("Compose v2", True, " ".join(argv))


def _base_image() -> Check:
    for tag in (base_image.OFFICIAL_BASE, base_image.BOOTSTRAPPED_BASE):
        if base_image.image_present(tag):
            return Check("base image", True, f"{tag} is present")
    if shutil.which("debootstrap"):
        return Check(
            "base image",
            True,
            f"not present yet: pulled, or else bootstrapped with debootstrap from "
            f"{base_image.host_debian_mirror()} on first build",
        )
    return Check(
        "base image",
        True,
        f"not present yet: `sandbox build` pulls {base_image.OFFICIAL_BASE}",
        "no registry here? install debootstrap so the build can make one: apt-get install debootstrap",
    )


def _ca_bundle() -> Check:
    try:
        bundle = resolve_ca_bundle()
    except SandboxError as failure:
        return Check("CA bundle", False, str(failure), failure.hint)
    if bundle is None:
        return Check("CA bundle", True, "none (fine unless a proxy intercepts TLS: then --ca-bundle FILE)")
    return Check("CA bundle", True, f"{bundle.path} (from {bundle.source}), trusted by image builds")


def _lab_images() -> Check:
    built = [version for version in (DEFAULT_UWSGI, ARTICLE_UWSGI) if images.image_exists(version)]
    if built:
        return Check("lab images", True, "built for uWSGI " + ", ".join(built))
    return Check("lab images", True, "none built yet", "build them: sandbox build (or make setup)")


def run_checks() -> list[Check]:
    checks = [_engine(), _compose(), _ca_bundle()]
    if checks[0].ok:
        checks += [_base_image(), _lab_images()]
    return checks
