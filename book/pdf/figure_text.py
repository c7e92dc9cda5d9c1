"""The text of every drawing reads back from the PDF, as the reader's software will read it.

A drawing's text that prints as other glyphs (a font that lacks them, or one
the PDF maps to other characters) looks right to nobody: a search, a copy, a
screen reader get gibberish. Each chunk that shows drawings with text is read
back once, when it is laid out; a line of text not found is reported at the
figure.
"""

from __future__ import annotations

import unicodedata

from lxml import etree, html

SVG_NS = "http://www.w3.org/2000/svg"
# Text inside these is not drawn where it stands (or not at all).
_NOT_DRAWN = frozenset(
    f"{{{SVG_NS}}}{name}" for name in ("defs", "symbol", "clipPath", "mask", "marker", "pattern")
)
_HIDDEN = ("display:none", "visibility:hidden")


def expected_lines(markup: str) -> dict[str, list[str]]:
    """Each inline drawing's lines of text (``<text>`` elements), by the drawing's file."""
    if "<text" not in markup:
        return {}
    root = html.document_fromstring(markup)
    found: dict[str, list[str]] = {}
    for drawing in root.iter(f"{{{SVG_NS}}}svg", "svg"):
        source = drawing.get("data-src")
        if not source:
            continue
        lines = [_text_of(text) for text in drawing.iter(f"{{{SVG_NS}}}text", "text")]
        lines = [line for line in lines if line]
        if lines:
            found.setdefault(source, []).extend(lines)
    return found


def _text_of(element: etree._Element) -> str:
    for ancestor in (element, *element.iterancestors()):
        if ancestor.tag in _NOT_DRAWN or etree.QName(ancestor).localname in {"defs", "symbol"}:
            return ""
        style = (ancestor.get("style") or "").replace(" ", "")
        if any(hidden in style for hidden in _HIDDEN) or ancestor.get("display") == "none":
            return ""
    return " ".join("".join(element.itertext()).split())


def squeezed(text: str) -> str:
    """NFC text without whitespace: how a line is looked for in a page's extracted text."""
    return "".join(unicodedata.normalize("NFC", text).split())


def missing_lines(markup: str, pdf: bytes) -> list[tuple[str, str]]:
    """(drawing, line) for each drawing's line of text not found in the PDF's text."""
    expected = expected_lines(markup)
    if not expected:
        return []
    import pypdfium2  # PDFium reads a chunk's text in milliseconds (pypdf: a second)

    document = pypdfium2.PdfDocument(pdf)
    try:
        text = squeezed("".join(page.get_textpage().get_text_range() for page in document))
    finally:
        document.close()
    return [
        (source, line)
        for source, lines in expected.items()
        for line in dict.fromkeys(lines)
        if squeezed(line) not in text
    ]
