"""The rendered pages of the book, captured for editions that package them themselves.

The print and ebook editions both need each document translated to HTML by
Sphinx (numbers, cross-references and footnotes resolved) but neither wants a
web theme around it. :class:`PageCollector` is the one place that does that: it
keeps each document's body, in reading order, and lets the edition assemble
its own file. Each edition only says what to do with the pages.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from lxml import etree, html
from sphinx.builders.html import StandaloneHTMLBuilder

from book import model
from book.metadata import Metadata, read_metadata


@dataclass
class Page:
    docname: str
    title: str  # plain text
    body: str  # HTML fragment
    part: model.Part | None


class PageCollector(StandaloneHTMLBuilder):
    """A Sphinx HTML builder that collects pages instead of writing a themed site."""

    search = False
    copysource = False
    allow_parallel = False  # pages are collected in this process's memory
    use_index = False
    supported_image_types: ClassVar[list[str]] = [
        "image/svg+xml",
        "image/png",
        "image/jpeg",
        "image/gif",
    ]

    def init(self) -> None:
        super().init()
        self.pages: dict[str, Page] = {}

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        # The web theme is for the website; these editions bring their own styles.
        return "basic", {}

    def get_outdated_docs(self) -> Iterator[str]:
        # The edition is one file made of every page, so every page is needed.
        yield from self.env.found_docs

    @property
    def metadata(self) -> Metadata:
        return read_metadata(self.config)

    def handle_page(
        self,
        pagename: str,
        addctx: dict[str, Any],
        templatename: str = "page.html",
        *,
        outfilename: Path | None = None,
        event_arg: Any = None,
    ) -> None:
        if templatename != "page.html" or pagename not in self.env.all_docs:
            return  # search pages, indices: the website's business
        self.pages[pagename] = Page(
            docname=pagename,
            title=self.env.titles[pagename].astext() if pagename in self.env.titles else "",
            body=addctx.get("body", ""),
            part=None,
        )

    def copy_assets(self) -> None:
        """Nothing from the web theme; editions copy what they need in :meth:`finish`."""

    def ordered_pages(self) -> list[Page]:
        """Pages in reading order, each knowing the part it belongs to."""
        result = []
        for part in model.parts(self.env):
            for docname in part.docnames:
                page = self.pages.get(docname)
                if page is not None:
                    page.part = part
                    result.append(page)
        return result

    def finish(self) -> None:
        self.copy_image_files()


# Elements that start a new block of text: where a printed page can begin. The
# print edition records, for each page, the first such element on it; the ebook
# counts the same elements the same way to place its page-break markers.
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "table", "figure", "pre",
              "blockquote")  # fmt: skip
_BLOCKS = etree.XPath(
    " | ".join(f"descendant::{tag}" for tag in BLOCK_TAGS)
    + ' | descendant::div[contains(concat(" ", @class, " "), " admonition ")]'
)


def blocks(root: html.HtmlElement) -> list[html.HtmlElement]:
    """The block elements of a page body, in document order.

    ``root`` is the body parsed with ``lxml.html.fragment_fromstring(body,
    create_parent=...)``; both editions must count on that parse, before any
    change of their own.
    """
    return _BLOCKS(root)


def resolve_href(docname: str, href: str, suffix: str) -> str:
    """An href found in a page, made relative to the output root."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(docname + suffix), href))
