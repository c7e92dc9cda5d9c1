"""Chapters of the print document kept between builds, as assembled.

Assembling a chapter (ids and links rewritten, footnotes moved beside their
calls, dates kept on one line, images put inline) takes a few milliseconds;
at 120 chapters, half a second of every build, most of it for chapters that
did not change. A chapter is kept under what it is assembled from: its name,
title and HTML; and, for the whole book, the press's code and which part of
the book (front, body, back) each page belongs to, which marks its links.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from book.pages import Page, press_code_digest
from book.publish import atomic_path


@dataclass
class Assembled:
    markup: str  # the chapter's <section>, SVG images as placeholders
    toc: list[dict]  # its contents entries (book.pdf.builder.TocEntry fields)
    images: list[str]  # the SVG files its placeholders stand for, relative to the output


class KeptChapters:
    """The assembled chapters of the last build, kept in ``path``."""

    def __init__(self, path: Path, kinds: dict[str, str]) -> None:
        self.path = path
        digest = hashlib.sha256(press_code_digest())
        digest.update(json.dumps(kinds, sort_keys=True).encode())
        self.context = digest.hexdigest()
        self.previous: dict[str, dict] = {}
        self.current: dict[str, dict] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("context") == self.context:
            chapters = data.get("chapters")
            self.previous = chapters if isinstance(chapters, dict) else {}

    def get(self, page: Page) -> Assembled | None:
        """The chapter as the last build assembled it, if its sources are the same."""
        kept = self.previous.get(page.docname)
        # A file damaged or written by hand is assembled afresh, never trusted.
        try:
            if kept.get("key") != _key(page):
                return None
            assembled = Assembled(kept["markup"], kept["toc"], kept["images"])
        except (AttributeError, KeyError, TypeError):
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
        """Keep the chapter for the next build (one taken from the last build too)."""
        self.current[page.docname] = {"key": _key(page), **assembled.__dict__}

    def save(self) -> None:
        """Keep this build's chapters (and only those) for the next build."""
        with atomic_path(self.path) as temporary:
            temporary.write_text(
                json.dumps({"context": self.context, "chapters": self.current}, ensure_ascii=False),
                encoding="utf-8",
            )


def _key(page: Page) -> str:
    return hashlib.sha256("\0".join([page.docname, page.title, page.body]).encode()).hexdigest()
