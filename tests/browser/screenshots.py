"""Screenshots of the pages the browser tests pass through, at 1200 px and 400 px, for people to
look at before they call a page done.

Each costs a few tenths of a second, over a hundred of them a run, so `make test` takes none:
`make screenshots` (or JOURNEY_SCREENSHOTS=1 with any pytest run) writes them to screenshots/
(gitignored)."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def wanted() -> bool:
    return os.environ.get("JOURNEY_SCREENSHOTS", "") not in ("", "0")


def snap(page: Page, name: str, *, full_page: bool = True) -> None:
    if not wanted():
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def both_widths(page: Page, name: str) -> None:
    """The page at 1200 px and at 400 px; the window is left at 1200 px."""
    if not wanted():
        return
    for width in (1200, 400):
        page.set_viewport_size({"width": width, "height": 900})
        snap(page, f"{name}-{width}.png")
    page.set_viewport_size({"width": 1200, "height": 900})
