"""Screenshots of HTML reports as a reader's browser shows them (`make screenshots`): each page
at 1280 px and at a 390 px phone width, in headless Chromium, under reports/screenshots/. Fails,
like the tests, if a page logs an error or asks the network for anything.

    .venv/bin/python tests/screenshots.py reports/verify.html [more.html ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.chromium import DESKTOP, PHONE, opened  # noqa: E402


def main(pages: list[str]) -> int:
    if not pages:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for name in pages:
        page = Path(name)
        if not page.is_file():
            print(
                f"screenshots: {page} does not exist (make report writes reports/verify.html)",
                file=sys.stderr,
            )
            return 1
        for viewport in (DESKTOP, PHONE):
            with opened(page, viewport) as seen:
                shot = seen.screenshot(f"{page.stem}-{viewport['width']}")
            print(f"screenshots: {shot.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
