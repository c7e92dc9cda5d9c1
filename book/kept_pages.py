"""What an edition made of each page of the book, kept from one build to the next.

The print edition assembles each chapter into its print document; the ebook
makes each one an XHTML content document. Both take a few milliseconds a
page; at 120 chapters, half a second of every build, nearly all of it for
pages that did not change. What an edition made of a page is kept in one
JSON file under the key of what it was made from (the page's name, title and
HTML, and whatever else the edition passes), for the whole book under the
press's code and the edition's context. A build keeps its own pages, and as
many earlier variants of each as the edition asks for: the ebook built alone
after an edit has no printed pages to mark (the print edition is older than
the text), and the next publish, which has them, should not make every
chapter again. The values are the editions' own; a file damaged or written by
hand yields values they check before trusting (see their ``get``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from book.pages import Page, press_code_digest
from book.publish import atomic_path


class KeptPages:
    """The values kept in ``path`` by the last build made in the same ``context``."""

    def __init__(self, path: Path, context: Any, *, variants: int = 1) -> None:
        """``context``: what every page's value depends on (JSON-able), besides the code;
        ``variants``: how many values to keep for a page, the newest first."""
        self.path = path
        self.variants = variants
        digest = hashlib.sha256(press_code_digest())
        digest.update(json.dumps(context, sort_keys=True, ensure_ascii=False).encode())
        self.context = digest.hexdigest()
        self.previous: dict[str, Any] = {}
        self.current: dict[str, list[dict]] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("context") == self.context:
            pages = data.get("pages")
            self.previous = pages if isinstance(pages, dict) else {}

    def get(self, page: Page, *inputs: str) -> dict | None:
        """The value kept for ``page`` if it was made from the same page and ``inputs``;
        kept for the next build too, unless :meth:`put` replaces it."""
        key = _key(page, inputs)
        for entry in self._earlier(page):
            if entry.get("key") == key and isinstance(entry.get("value"), dict):
                self._keep(page, entry)
                return entry["value"]
        return None

    def put(self, page: Page, value: dict, *inputs: str) -> None:
        """Keep ``value`` (JSON-able) for the next build, made from ``page`` and ``inputs``."""
        self._keep(page, {"key": _key(page, inputs), "value": value})

    def save(self) -> None:
        """Keep this build's pages (and only those) for the next build."""
        with atomic_path(self.path) as temporary:
            temporary.write_text(
                json.dumps({"context": self.context, "pages": self.current}, ensure_ascii=False),
                encoding="utf-8",
            )

    def _earlier(self, page: Page) -> list[dict]:
        entries = self.previous.get(page.docname)
        if not isinstance(entries, list):
            return []
        return [entry for entry in entries if isinstance(entry, dict)]

    def _keep(self, page: Page, entry: dict) -> None:
        others = [other for other in self._earlier(page) if other.get("key") != entry["key"]]
        self.current[page.docname] = [entry, *others][: self.variants]


def _key(page: Page, inputs: tuple[str, ...]) -> str:
    parts = [page.docname, page.title, page.body, *inputs]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()
