"""A built website in a real browser: a local server and headless Debian Chromium.

Used by the checks (axe-core) and the tests (search). Playwright drives
Chromium; it never downloads a browser of its own (``book.tools.chromium``).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from book.tools import CHROMIUM_FLAGS, chromium


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) while the block runs; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def browser() -> Iterator[object]:
    """A headless Chromium (Playwright ``Browser``), closed when the block ends."""
    from playwright.sync_api import sync_playwright

    # Playwright adds its own headless switch; the other flags keep Chromium offline.
    args = [flag for flag in CHROMIUM_FLAGS if flag != "--headless"]
    with sync_playwright() as playwright:
        chrome = playwright.chromium.launch(executable_path=chromium(), args=args, headless=True)
        try:
            yield chrome
        finally:
            chrome.close()


# True once Sphinx's searchtools.js has finished: the summary is written.
_SEARCH_DONE = """() => {
  const summary = document.querySelector("#search-results p.search-summary");
  return summary !== null && summary.innerText.trim() !== "";
}"""


def search(page: object, base_url: str, query: str) -> list[str]:
    """Titles of the pages the site's own search finds for ``query``, best first."""
    from urllib.parse import quote

    page.goto(f"{base_url}/search.html?q={quote(query)}")
    page.wait_for_function(_SEARCH_DONE, timeout=20_000)
    return page.locator("#search-results ul.search > li > a").all_inner_texts()
