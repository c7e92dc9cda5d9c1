"""Chapters of the print document kept between builds, as assembled.

Assembling a chapter (ids and links rewritten, footnotes moved beside their
calls, dates kept on one line, images put inline) is kept (see
:mod:`book.kept_pages`) under its page and, for the whole book, which part of
the book (front, body, back) each page belongs to, which marks its links.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from book.kept_pages import KeptPages
from book.pages import Page


@dataclass
class Assembled:
    markup: str  # the chapter's <section>, SVG images as placeholders
    toc: list[dict]  # its contents entries (book.pdf.builder.TocEntry fields)
    images: list[str]  # the SVG files its placeholders stand for, relative to the output


class KeptChapters:
    """The assembled chapters of the last build, kept in ``path``."""

    def __init__(self, path: Path, kinds: dict[str, str]) -> None:
        self._kept = KeptPages(path, kinds)

    def get(self, page: Page) -> Assembled | None:
        """The chapter as the last build assembled it, if its sources are the same."""
        kept = self._kept.get(page)
        # A file damaged or written by hand is assembled afresh, never trusted.
        try:
            assembled = Assembled(kept["markup"], kept["toc"], kept["images"])
        except (KeyError, TypeError):
            return None
        if not (
            isinstance(assembled.markup, str)
            and isinstance(assembled.toc, list)
            and all(isinstance(entry, dict) for entry in assembled.toc)
            and isinstance(assembled.images, list)
            and all(isinstance(image, str) for image in assembled.images)
        ):
            return None
        return assembled

    def put(self, page: Page, assembled: Assembled) -> None:
        """Keep the chapter, assembled now, for the next build."""
        self._kept.put(page, asdict(assembled))

    def save(self) -> None:
        self._kept.save()
