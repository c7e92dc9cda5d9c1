"""The other editions on the website: links on every page and a "Tải về" page.

The figures on the downloads page (size, date, SHA-256) are those of the
files the press publishes beside the site (``build/pdf/<slug>.pdf``,
``build/epub/<slug>.epub``), read when the page is written: the press writes
it again once it has published them (the editions are built side by side) and
copies exactly these files into the site (``press._publish``), so the page
describes the very bytes a reader downloads, with no value passed between
builds and nothing to fall out of date. An edition not yet published is left
off the page.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from docutils import nodes
from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.config import Config

from book.html.website import is_website
from book.layout import Layout
from book.metadata import build_time, read_metadata

DOWNLOADS_DIR = "_downloads/editions"
DOWNLOADS_PAGE = "downloads"
DOWNLOADS_TEMPLATE = "downloads.html"
LABELS = {"pdf": "Bản in (PDF)", "epub": "Sách điện tử (EPUB)"}
USES = {
    "pdf": "Để in hoặc đọc trên máy tính; khổ giấy và số trang như sách in.",
    "epub": "Để đọc trên điện thoại, máy đọc sách; chữ tự dàn theo màn hình.",
}


@dataclass(frozen=True)
class EditionFile:
    """A published edition as the downloads page shows it."""

    kind: str  # "pdf" or "epub"
    href: str  # site-relative
    size: int
    sha256: str
    date: datetime

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def use(self) -> str:
        return USES[self.kind]

    @property
    def size_text(self) -> str:
        """Written as Vietnamese writes numbers: "345 kB", "1,4 MB" (decimal comma)."""
        if self.size < 1_000_000:
            return f"{format_decimal(max(1, round(self.size / 1000)), locale='vi')} kB"
        return f"{format_decimal(self.size / 1_000_000, format='#,##0.0', locale='vi')} MB"

    @property
    def bytes_text(self) -> str:
        return f"{format_decimal(self.size, locale='vi')} byte"

    @property
    def date_text(self) -> str:
        return self.date.strftime("%d/%m/%Y")


def edition_files(config: Config) -> dict[str, str]:
    """Site-relative paths of the downloadable editions."""
    slug = read_metadata(config).slug
    return {"pdf": f"{DOWNLOADS_DIR}/{slug}.pdf", "epub": f"{DOWNLOADS_DIR}/{slug}.epub"}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def edition_date(path: Path) -> datetime:
    """When the edition was published: ``SOURCE_DATE_EPOCH`` if set (reproducible), else mtime."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return build_time()
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def published_editions(app: Sphinx) -> list[EditionFile]:
    """The PDF and EPUB the press has published for this book, those that exist."""
    layout = Layout(Path(app.confdir))
    slug = read_metadata(app.config).slug
    editions = []
    for kind, href in edition_files(app.config).items():
        path = layout.newest(kind, slug)  # the one the website will be published with
        if path.is_file():
            editions.append(
                EditionFile(kind, href, path.stat().st_size, sha256(path), edition_date(path))
            )
    return editions


def add_downloads_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``downloads.html``: each edition with its size, date and SHA-256."""
    if is_website(app):
        yield DOWNLOADS_PAGE, _page_context(app), DOWNLOADS_TEMPLATE


def write_downloads_page(app: Sphinx) -> None:
    """Write the downloads page again, after the build, for the editions published since.

    The press builds the website beside the PDF and the ebook, and publishes
    those once the website's pages are written; the page then describes them.
    """
    if is_website(app):
        app.builder.handle_page(DOWNLOADS_PAGE, _page_context(app), DOWNLOADS_TEMPLATE)


def page_text() -> str:
    """What a downloads page may show beyond its figures, published editions or not
    (the web fonts hold its characters before the page is written again)."""
    return "Tải về" + "".join(LABELS.values()) + "".join(USES.values())


def _page_context(app: Sphinx) -> dict[str, Any]:
    return {"title": "Tải về", "editions": published_editions(app)}


def add_download_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node
) -> None:
    """Every page of the website offers the print edition and the ebook."""
    if not is_website(app):
        return
    pathto = context["pathto"]
    files = edition_files(app.config)
    links = Markup(
        '<nav class="book-downloads" aria-label="Tải sách">'
        '<a class="book-downloads-label" href="{page}">Tải sách về máy</a>: '
        '<a href="{pdf}" download>Bản in (PDF)</a> · '
        '<a href="{epub}" download>Sách điện tử (EPUB)</a>'
        "</nav>"
    ).format(
        page=escape(pathto(DOWNLOADS_PAGE)),
        pdf=escape(pathto(files["pdf"], 1)),
        epub=escape(pathto(files["epub"], 1)),
    )
    context["book_downloads"] = links  # shown by templates/page.html above the footer
