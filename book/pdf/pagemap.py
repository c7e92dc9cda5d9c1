"""Where each printed page begins, for the ebook's page list ("trang 45" of the print edition)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import weasyprint

FOLIO_BOXES = ("@bottom-center", "@bottom-left", "@bottom-right")


def page_starts(document: weasyprint.Document) -> list[dict]:
    """For each numbered page, its printed number and the first block that starts on it.

    A block (see :func:`book.pages.blocks`) carries ``data-block="docname#n"``;
    a block continued from the previous page does not start the page, so the
    marker goes before the next one.
    """
    seen: set[int] = set()
    result = []
    for page in document.pages:
        folio = _folio(page)
        first = None
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or element.get("data-block") is None or id(element) in seen:
                continue
            seen.add(id(element))
            if first is None:
                first = element
        if folio and first is not None:
            docname, number = first.get("data-block").rsplit("#", 1)
            result.append({"label": folio, "docname": docname, "block": int(number)})
    return result


def write_page_map(starts: list[dict], target: Path) -> Path:
    """``starts`` of every chunk, in the book's order (see :func:`page_starts`)."""
    target.write_text(
        json.dumps({"pages": starts}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return target


def _folio(page: weasyprint.Page) -> str:
    for box in page._page_box.children:
        if getattr(box, "at_keyword", None) in FOLIO_BOXES:
            text = "".join(
                getattr(child, "text", "") for child in box.descendants() if hasattr(child, "text")
            ).strip()
            if text:
                return text
    return ""
