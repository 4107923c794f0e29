"""Which uWSGI releases exist, asked of the package index before a lab image is built for one.

A version that was never released would otherwise start a build whose pip, a minute later,
says `No matching distribution` somewhere in twenty lines of build log. The index is asked only
when an image must be built from nothing: an image already there proves its version, and an
offline classroom with imported images never needs the index. An index that does not answer
decides nothing: the build then tries, as it would have.
"""

from __future__ import annotations

import os
import re
import ssl
import urllib.request

from sandbox.containers import runner
from sandbox.containers.ca_bundle import resolve_ca_bundle
from sandbox.errors import BadOption
from sandbox.settings import ARTICLE_UWSGI

#: pip's own setting first (a mirror, a proxy's index), else PyPI.
DEFAULT_INDEX = "https://pypi.org/simple"
ASK_TIMEOUT = 6.0
# A release's source archive, as the simple index names it in HTML and in JSON alike.
_ARCHIVE = re.compile(r"uwsgi-(\d+(?:\.\d+)+)\.(?:tar\.gz|zip)", re.IGNORECASE)


def index_url(env: dict[str, str] | None = None) -> str:
    env = dict(os.environ) if env is None else env
    return (env.get("PIP_INDEX_URL") or DEFAULT_INDEX).rstrip("/") + "/uwsgi/"


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def releases_in(page: str) -> set[str]:
    """Every release a simple-index page (HTML or PEP 691 JSON) has a source archive for."""
    return set(_ARCHIVE.findall(page))


def released(url: str | None = None) -> set[str] | None:
    """The released versions, or None when the index cannot be asked (offline, refused)."""
    bundle = resolve_ca_bundle()
    context = ssl.create_default_context(cafile=str(bundle.path) if bundle else None)
    request = urllib.request.Request(
        url or index_url(), headers={"Accept": "application/vnd.pypi.simple.v1+json, text/html;q=0.1"}
    )
    try:
        with urllib.request.urlopen(request, timeout=ASK_TIMEOUT, context=context) as reply:
            found = releases_in(reply.read().decode("utf-8", "replace"))
    except (OSError, ValueError):
        return None
    return found or None  # a page with no archive on it is not an answer about releases


def check_released(version: str, url: str | None = None) -> None:
    """Nothing when the index lists this release or cannot be asked; BadOption when it answers
    without it, naming the newest release."""
    found = released(url)
    if found is None:
        runner.note(f"could not ask the package index whether uWSGI {version} exists: building anyway")
        return
    if version not in found:
        newest = max(found, key=version_key)
        raise BadOption(
            f"uWSGI {version} is not a release on the package index (the newest is {newest})",
            f"give a released version, such as {newest}, or the article's {ARTICLE_UWSGI}",
        )
