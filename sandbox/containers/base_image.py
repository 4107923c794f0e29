"""The base OS image: the official Debian 12 slim image, or an equivalent built here.

Where no registry answers (a pull fails in well under a second), debootstrap builds a minimal
Debian 12 root filesystem from the host's own apt mirror, trimmed the way the official slim
image is, and `docker import` turns it into an image. That costs about 30 s, once per machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import docker.errors

from sandbox.containers import engine, runner
from sandbox.errors import BuildFailed

OFFICIAL_BASE = "debian:bookworm-slim"
BOOTSTRAPPED_BASE = "uwsgi-sandbox-base:bookworm"
DEFAULT_MIRROR = "http://deb.debian.org/debian"

# What the official slim image leaves out, so later apt installs stay small too.
_DPKG_EXCLUDES = """path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
"""
_APT_CLEAN = 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb || true"; };\n'


_SOURCE_URI = re.compile(r"^\s*(?:URIs:|deb)\s+(?:\[[^\]]*\]\s+)?(https?://\S+)", re.M)
APT_SOURCES = (Path("/etc/apt/sources.list"), Path("/etc/apt/sources.list.d"))


def host_debian_mirror(sources: tuple[Path, ...] = APT_SOURCES) -> str:
    """The Debian mirror this host's apt already uses (so it is known to be reachable)."""
    files: list[Path] = []
    for source in sources:
        files += (
            sorted(source.glob("*.sources")) + sorted(source.glob("*.list")) if source.is_dir() else [source]
        )
    for path in files:
        try:
            uris = _SOURCE_URI.findall(path.read_text())
        except OSError:
            continue
        for uri in uris:
            if uri.rstrip("/").endswith("/debian"):
                return uri.rstrip("/")
    return DEFAULT_MIRROR


def image_labels(tag: str) -> dict[str, str] | None:
    """The image's labels, or None when there is no such image."""
    try:
        return engine.client().images.get(tag).labels or {}
    except docker.errors.ImageNotFound:
        return None


def image_present(tag: str) -> bool:
    return image_labels(tag) is not None


def _pull(tag: str) -> bool:
    runner.announce(["docker", "pull", tag])
    try:
        engine.client().images.pull(tag)
    except docker.errors.APIError as failure:
        runner.note(f"  pull failed: {(failure.explanation or str(failure))[:200]}")
        return False
    return True


def ensure_base_image(requested: str = OFFICIAL_BASE) -> str:
    """A base image tag that exists locally: pulled when possible, else bootstrapped."""
    if image_present(requested) or _pull(requested):
        return requested
    if requested != OFFICIAL_BASE:
        raise BuildFailed(
            f"base image {requested} is neither present nor pullable",
            "pull or build it, or drop --base-image",
        )
    if not image_present(BOOTSTRAPPED_BASE):
        bootstrap_debian(BOOTSTRAPPED_BASE)
    return BOOTSTRAPPED_BASE


def _check_can_bootstrap() -> None:
    if shutil.which("debootstrap") is None:
        raise BuildFailed(
            "no registry answers and debootstrap is not installed, so no Debian base image can be made",
            "install it (`apt-get install debootstrap`) or make `debian:bookworm-slim` pullable",
        )
    if os.geteuid() != 0:
        raise BuildFailed(
            "bootstrapping the Debian base image needs root (debootstrap)", "run `sudo make setup` once"
        )


def _import(rootfs: Path, tag: str, mirror: str) -> None:
    """`tar -c rootfs | docker import - tag`, streamed: the engine may be elsewhere."""
    change = ["--change", 'CMD ["bash"]', "--change", f"LABEL io.uwsgi-sandbox.bootstrapped-from={mirror}"]
    import_argv = ["docker", "import", *change, "-", tag]
    tar_argv = ["tar", "--numeric-owner", "--exclude=./dev/*", "--exclude=./proc/*", "--exclude=./sys/*"]
    tar_argv += ["-C", str(rootfs), "-c", "."]
    runner.announce([*tar_argv, runner.PIPE, *import_argv])
    tar = subprocess.Popen(tar_argv, stdout=subprocess.PIPE)
    imported = subprocess.run(import_argv, stdin=tar.stdout, capture_output=True, text=True, check=False)
    tar.wait()
    if tar.returncode != 0 or imported.returncode != 0:
        raise BuildFailed(
            f"docker import of the bootstrapped Debian failed: {imported.stderr.strip()[-300:]}"
        )


def bootstrap_debian(tag: str, mirror: str | None = None) -> None:
    """debootstrap a minimal Debian 12 and import it as `tag`."""
    _check_can_bootstrap()
    mirror = mirror or host_debian_mirror()
    workdir = Path(tempfile.mkdtemp(prefix="sandbox-rootfs-", dir="/var/tmp"))
    try:
        rootfs = workdir / "rootfs"
        with runner.reporter().status(
            f"bootstrapping Debian 12 from {mirror} (about 30 s, once per machine)"
        ):
            runner.run(["debootstrap", "--variant=minbase", "bookworm", str(rootfs), mirror], timeout=900)
        _trim_like_slim(rootfs)
        _import(rootfs, tag, mirror)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _trim_like_slim(rootfs: Path) -> None:
    (rootfs / "etc/dpkg/dpkg.cfg.d/docker-slim").write_text(_DPKG_EXCLUDES)
    (rootfs / "etc/apt/apt.conf.d/docker-clean").write_text(_APT_CLEAN)
    for folder in (
        "usr/share/doc",
        "usr/share/man",
        "usr/share/info",
        "usr/share/locale",
        "var/cache/apt/archives",
        "var/lib/apt/lists",
    ):
        for child in (rootfs / folder).glob("*"):
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            elif child.name not in {"lock", "partial", "copyright"}:
                child.unlink(missing_ok=True)
    for cache in (rootfs / "var/cache/apt").glob("*.bin"):
        cache.unlink()
