"""Open a report in a real, headless Chromium (Debian's, driven by Playwright; never a browser
download) and hand the test the page, failing on anything the page does that a report must not:
a console error, an uncaught exception, a request for anything but the file itself.

Screenshots go to reports/screenshots/, where CI keeps them as artifacts.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SANDBOX_CHROMIUM", "/usr/bin/chromium")
# What works as root on a closed network (ENVIRONMENT.md): without the background-networking
# flags Chromium keeps trying to reach Google, and those failures are not the page's.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent.parent / "reports" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def need_chromium() -> None:
    """Fail in CI (the project installs Chromium there: `make test` runs .ci/browser.sh), skip
    on a laptop without it."""
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    message = f"no Chromium at {CHROMIUM}: run `bash .ci/browser.sh` (Debian, root) or set SANDBOX_CHROMIUM"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


class Opened:
    """A report open in the browser, with everything it tried that a report must not do."""

    def __init__(self, page) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.requests: list[str] = []

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path


@contextmanager
def opened(path: Path, viewport: dict = DESKTOP) -> Iterator[Opened]:
    """The page at `path`, loaded; on leaving, the test fails if the page logged an error or
    asked for anything beyond its own file (a font, a script, a stylesheet: the network)."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    url = path.resolve().as_uri()
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport=viewport)
            seen = Opened(page)
            page.on(
                "console",
                lambda message: message.type == "error" and seen.console_errors.append(message.text),
            )
            page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
            page.on("request", lambda request: request.url != url and seen.requests.append(request.url))
            page.goto(url, wait_until="load")
            yield seen
            assert not seen.console_errors, f"the page logged errors: {seen.console_errors}"
            assert not seen.requests, f"the page asked for more than itself: {seen.requests}"
        finally:
            browser.close()


def displayed_verdicts(page) -> dict[tuple[str, str], str]:
    """The verdict table as displayed: (claim, uWSGI version) -> the cell's text."""
    cells = page.locator("table.verdicts td.verdict")
    return {
        (cell.get_attribute("data-claim"), cell.get_attribute("data-version")): cell.inner_text().strip()
        for cell in cells.all()
    }
