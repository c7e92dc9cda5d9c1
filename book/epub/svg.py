"""SVG figures put inline in the chapters, so that their text is set in the book's fonts.

An SVG shown through ``<img>`` is a separate document: reading systems draw its
text in whatever fonts they have, and Vietnamese diacritics often come out in
a fallback face or as boxes. Inline, the SVG belongs to the chapter and its
``font-family="'Noto Serif'"`` finds the embedded, subset fonts (the subsets
include the SVG's text because it is now the chapter's text).

Each drawing is cleaned first (book.svg): what drawing tools add besides the
drawing goes, and its ids become its own, so that several figures in one
chapter never share one. A file the press cannot publish (not an SVG, damaged,
declaring entities) stays an image; it was reported when Sphinx copied it.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit

from lxml import etree

from book import svg as drawings
from book.epub.package import Document, h

_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")


def inline_svg_images(documents: Iterable[Document], load: Callable[[str], bytes | None]) -> None:
    """Replace each ``<img>`` of a local SVG by the SVG itself, labelled with the image's alt.

    ``load`` gets a path relative to the package root and returns the file's
    bytes, or None (the image is then left for :func:`package.collect_images`,
    which reports it).
    """
    for document in documents:
        base = posixpath.dirname(document.file_name)
        taken = document.ids()
        for image in list(document.body.iter(h("img"))):
            src = urlsplit(image.get("src", ""))
            if src.scheme or src.netloc or not src.path.lower().endswith(".svg"):
                continue
            path = posixpath.normpath(posixpath.join(base, unquote(src.path)))
            content = load(path)
            if content is None:
                continue
            try:
                svg = _own_ids(drawings.parse(content), path, taken)
            except drawings.SvgRefused:
                continue  # reported where Sphinx copies the book's images (book.pages)
            taken |= {element.get("id") for element in svg.iter() if element.get("id")}
            _label(svg, image)
            svg.tail = image.tail
            image.getparent().replace(image, svg)


def _own_ids(root: etree._Element, path: str, taken: set[str]) -> etree._Element:
    """The drawing cleaned, its ids prefixed so that none is already in the chapter."""
    digest = hashlib.sha256(path.encode()).hexdigest()[:8]
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    prefix, copy = f"f{digest}-", 1
    while any(prefix + identifier in taken for identifier in ids):
        copy += 1  # the same figure shown again in the chapter
        prefix = f"f{digest}-{copy}-"
    return drawings.clean(root, prefix)


def _label(svg: etree._Element, image: etree._Element) -> None:
    """The image's alternative text, class and size, carried over to the SVG."""
    svg.set("role", "img")
    svg.set("aria-label", image.get("alt", ""))
    width, height = svg.get("width", ""), svg.get("height", "")
    if svg.get("viewBox") is None and _NUMBER.match(width) and _NUMBER.match(height):
        # Scaling to the screen needs a viewBox; the drawing's own size gives it.
        svg.set("viewBox", f"0 0 {_NUMBER.match(width)[1]} {_NUMBER.match(height)[1]}")
    svg.set("class", " ".join(filter(None, ["inline-svg", image.get("class")])))
    if image.get("style"):
        svg.set("style", image.get("style"))
    svg.attrib.pop("version", None)  # an SVG 1.1 file attribute, meaningless inline
