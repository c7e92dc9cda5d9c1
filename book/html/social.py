"""Social sharing: Open Graph tags on every page, and the image they show.

A link pasted into Zalo or Facebook shows a card made from these tags: the
page's title, the start of its text and the book's cover. The cover is the
ebook's (``book.epub.cover``: the editor's ``book_cover`` or the drawn one),
centred on a 1200×630 card, the shape both apps show without cropping.
Facebook wants absolute URLs: with ``html_baseurl`` set in ``conf.py`` the
tags carry them (and ``og:url``); without it they are relative to the page.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from docutils import nodes
from markupsafe import Markup
from PIL import Image
from sphinx.application import Sphinx

from book.epub import cover
from book.html.website import is_website
from book.metadata import read_metadata

CARD_SIZE = (1200, 630)
CARD_IMAGE = "_static/book-card.png"
DESCRIPTION_LENGTH = 200


def card_image(app: Sphinx) -> bytes:
    """The book's cover centred on a 1200×630 card in the cover's background colour."""
    image = None
    if app.config.book_cover:
        image = cover.editor_cover(Path(app.confdir) / app.config.book_cover)
    if image is None:  # drawn at half size: the card shows it at 630 px high
        image = cover.drawn_cover(read_metadata(app.config), (cover.WIDTH // 2, cover.HEIGHT // 2))
    picture = Image.open(io.BytesIO(image.content)).convert("RGB")
    picture.thumbnail(CARD_SIZE, Image.Resampling.LANCZOS)
    card = Image.new("RGB", CARD_SIZE, cover.BACKGROUND)
    card.paste(picture, ((CARD_SIZE[0] - picture.width) // 2, (CARD_SIZE[1] - picture.height) // 2))
    out = io.BytesIO()
    card.save(out, format="PNG", optimize=True)
    return out.getvalue()


def write_card_image(app: Sphinx, exception: Exception | None) -> None:
    """The card, drawn again only when the cover or the metadata drawn on it changed."""
    if exception is None and is_website(app):
        target = Path(app.outdir, CARD_IMAGE)
        cover_file = Path(app.confdir, app.config.book_cover) if app.config.book_cover else None
        inputs = repr(read_metadata(app.config)).encode()
        if cover_file is not None and cover_file.is_file():
            inputs += cover_file.read_bytes()
        key = hashlib.sha256(inputs).hexdigest()
        stamp = Path(app.doctreedir).parent / "book-card.key"
        if target.exists() and stamp.exists() and stamp.read_text() == key:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(card_image(app))
        stamp.write_text(key)


def description(doctree: nodes.Node | None, fallback: str) -> str:
    """The page's first paragraph of running text, cut at a word near 200 characters."""
    if doctree is not None:
        for paragraph in doctree.findall(nodes.paragraph):
            if isinstance(paragraph.parent, nodes.section):
                text = " ".join(paragraph.astext().split())
                if text:
                    return _shorten(text)
    return _shorten(" ".join(fallback.split()))


def _shorten(text: str) -> str:
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0].rstrip(",;:–") + "…"


def add_open_graph(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node
) -> None:
    """og:title, og:description, og:image, og:type, og:locale (and og:url) for the page."""
    if not is_website(app):
        return
    meta = read_metadata(app.config)
    title = Markup(context.get("title") or meta.title).striptags() or meta.title
    base = app.config.html_baseurl
    pathto = context["pathto"]
    image = urljoin(base, CARD_IMAGE) if base else pathto(CARD_IMAGE, 1)
    is_root = pagename == app.config.root_doc
    tags = {
        "og:title": title,
        "og:description": description(doctree, meta.description or meta.title),
        "og:type": "website" if is_root else "article",
        "og:locale": "vi_VN",
        "og:site_name": meta.title,
        "og:image": image,
        "og:image:type": "image/png",
        "og:image:width": str(CARD_SIZE[0]),
        "og:image:height": str(CARD_SIZE[1]),
        "og:image:alt": f"Bìa sách: {meta.title}",
    }
    if base:
        tags["og:url"] = urljoin(base, app.builder.get_target_uri(pagename))
    lines = [
        Markup('<meta name="description" content="{}">').format(tags["og:description"]),
        *(
            Markup('<meta property="{}" content="{}">').format(name, value)
            for name, value in tags.items()
        ),
        Markup('<meta name="twitter:card" content="summary_large_image">'),
    ]
    context["metatags"] = Markup(context.get("metatags") or "") + Markup("\n").join(lines)
