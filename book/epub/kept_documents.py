"""The ebook's chapters kept between builds, as content documents (see book.kept_pages).

Made afresh, a chapter is Sphinx's HTML parsed, rebuilt element by element
in the XHTML namespace and marked for EPUB readers: 3–4 ms a chapter, which
a rebuild after an edit spent on every chapter of the book. Kept, it is its
XHTML as the ebook had it before the book's links were resolved, parsed
again: a tenth of that. It is kept under its page, its identifier, its part
of the book and the printed pages that start in it, for one language and
stylesheet.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict
from pathlib import Path

from lxml import etree

from book.epub.package import Chapter, Document, NavEntry, h
from book.kept_pages import KeptPages
from book.pages import Page

# A kept file is the press's own, but read as any file could be: no entities, no network.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


class KeptDocuments:
    """The chapters the last build made, kept in ``path``; ``common``: language and stylesheet."""

    def __init__(
        self,
        path: Path,
        common: Mapping[str, str],
        name_of: Callable[[str], str] = lambda docname: docname + ".xhtml",
    ) -> None:
        self._name_of = name_of  # a chapter's file name in the package
        # Two of each: with the printed pages marked, and without (the ebook built alone
        # after an edit, when the print edition is older than the text).
        self._kept = KeptPages(path, dict(common), variants=2)

    def get(
        self, page: Page, *, uid: str, matter: str, page_starts: Mapping[int, str] | None
    ) -> Chapter | None:
        """The chapter as the last build made it from the same inputs; None if not kept
        or if what was kept is not a chapter (a file damaged or written by hand)."""
        kept = self._kept.get(page, *_inputs(uid, matter, page_starts))
        try:
            root = etree.fromstring(kept["xhtml"].encode("utf-8"), _PARSER)
            title, entry, pages = kept["title"], _entry(kept["entry"]), kept["pages"]
            if root.tag != h("html") or not isinstance(title, str) or not isinstance(pages, list):
                return None
            pages = [_entry(item) for item in pages]
        except (
            KeyError,
            TypeError,
            AttributeError,
            ValueError,
            RecursionError,
            etree.XMLSyntaxError,
        ):
            return None
        document = Document(self._name_of(page.docname), title, root, uid, "chapter", matter)
        return Chapter(document, entry, pages)

    def put(
        self,
        page: Page,
        chapter: Chapter,
        *,
        uid: str,
        matter: str,
        page_starts: Mapping[int, str] | None,
    ) -> None:
        """Keep ``chapter``, made now (before its links are resolved), for the next build."""
        value = {
            "title": chapter.document.title,
            "xhtml": etree.tostring(chapter.document.root, encoding="unicode"),
            "entry": asdict(chapter.entry),
            "pages": [asdict(item) for item in chapter.pages],
        }
        self._kept.put(page, value, *_inputs(uid, matter, page_starts))

    def save(self) -> None:
        self._kept.save()


def _inputs(uid: str, matter: str, page_starts: Mapping[int, str] | None) -> tuple[str, ...]:
    starts = sorted((page_starts or {}).items())
    return uid, matter, json.dumps(starts, ensure_ascii=False)


def _entry(data: dict) -> NavEntry:
    """A table-of-contents entry (with its children) from what :func:`asdict` made of it."""
    entry = NavEntry(data["title"], data["href"], data["kind"])
    if not all(isinstance(value, str) for value in (entry.title, entry.href, entry.kind)):
        raise TypeError("not an entry")
    entry.children = [_entry(child) for child in data["children"]]
    return entry
