"""Extra CA certificates for builds behind a TLS-intercepting proxy.

Order: an explicit --ca-bundle, then SANDBOX_CA_BUNDLE (both must be readable, or it is an
error: the user asked for them), then the bundle pip/requests/OpenSSL are told to use here
(PIP_CERT, REQUESTS_CA_BUNDLE, SSL_CERT_FILE), which is only used when it exists.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sandbox.errors import CaBundleError

EXPLICIT_ENV = "SANDBOX_CA_BUNDLE"
IMPLICIT_ENVS = ("PIP_CERT", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE")


@dataclass(frozen=True)
class CaBundle:
    path: Path
    source: str  # where it came from, for doctor and build output


def _check_readable(path: Path, source: str) -> CaBundle:
    try:
        text = path.read_text(errors="replace")
    except OSError as failure:
        raise CaBundleError(
            f"CA bundle {path} (from {source}) cannot be read: {failure.strerror}",
            "point --ca-bundle / SANDBOX_CA_BUNDLE at a readable PEM file",
        ) from failure
    if "BEGIN CERTIFICATE" not in text:
        raise CaBundleError(f"CA bundle {path} (from {source}) holds no PEM certificate", "give a PEM bundle")
    return CaBundle(path, source)


def resolve_ca_bundle(explicit: Path | None = None, env: Mapping[str, str] | None = None) -> CaBundle | None:
    env = os.environ if env is None else env
    if explicit is not None:
        return _check_readable(explicit, "--ca-bundle")
    if env.get(EXPLICIT_ENV):
        return _check_readable(Path(env[EXPLICIT_ENV]), EXPLICIT_ENV)
    for name in IMPLICIT_ENVS:
        value = env.get(name)
        if value and Path(value).is_file():
            return _check_readable(Path(value), name)
    return None
