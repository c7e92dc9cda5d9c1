"""SVG figures put inline in the chapters, so that their text is set in the book's fonts.

An SVG shown through ``<img>`` is a separate document: reading systems draw its
text in whatever fonts they have, and Vietnamese diacritics often come out in
a fallback face or as boxes. Inline, the SVG belongs to the chapter and its
``font-family="'Noto Serif'"`` finds the embedded, subset fonts (the subsets
include the SVG's text because it is now the chapter's text).

An SVG is left as an ``<img>`` when putting it inline could change what it
does or break the chapter: scripts, foreign objects, event handlers, links to
other files, or ids the chapter already uses.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit

from lxml import etree

from book.epub.package import SVG_NS, Document, h

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
)
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")
_UNSAFE_TAGS = {f"{{{SVG_NS}}}{tag}" for tag in ("script", "foreignObject", "iframe")}


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
            content = load(posixpath.normpath(posixpath.join(base, unquote(src.path))))
            svg = _safe_svg(content, taken) if content is not None else None
            if svg is None:
                continue
            taken |= {element.get("id") for element in svg.iter() if element.get("id")}
            _label(svg, image)
            svg.tail = image.tail
            image.getparent().replace(image, svg)


def _safe_svg(content: bytes, taken_ids: set[str]) -> etree._Element | None:
    """The SVG's root element, or None if it should stay an image."""
    try:
        root = etree.fromstring(content, parser=_PARSER)
    except etree.XMLSyntaxError:
        return None
    if root.tag != f"{{{SVG_NS}}}svg":
        return None
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in _UNSAFE_TAGS:
            return None
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if local.startswith("on"):
                return None
            if local == "href" and not value.startswith("#"):
                return None
            if name == "id" and value in taken_ids:
                return None
    return root


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
