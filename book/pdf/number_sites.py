"""Where a chunk's PDF prints each page number, so that a later build can print others.

A chunk's layout depends on the page numbers it prints only through their
widths, and the stylesheet prints them in tabular figures. When a chapter
grows a page, every chapter after it gets other folios, and the chapters and
contents that refer to them other page numbers, but the same layout: their
PDFs, kept from the last build, need only other digits (``book.pdf.reprint``
puts them in, instead of laying out half the book again). For that, as a
chunk is written, this records where in each page's content stream the
glyphs of each number are, and the glyph of every digit in each font that
prints one.

So that a chunk reprinted this way is the very chunk a layout with the new
numbers writes, all ten digits of those fonts are drawn once, off the pages,
before the pages are: the fonts' Unicode maps and widths then list every
digit, in the same order, whatever digits the pages print.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

import pydyf
from weasyprint.draw import text as draw_text
from weasyprint.formatting_structure.boxes import TextBox
from weasyprint.matrix import Matrix
from weasyprint.pdf.stream import Stream
from weasyprint.text.line_break import create_layout

from book.pdf.pagemap import FOLIO_BOXES
from book.pdf.reprint import FOLIO, INTERNAL, REF, printed

DIGITS = "0123456789"
_TRAILING_NUMBER = re.compile(r"\d+$")
_DIGIT = re.compile(r"([0-9a-f]{4})(?:>(-?\d+)<?)?")  # a glyph, and the adjustment after it
_SHOWN = b"] TJ"


@dataclass
class Site:
    """One page number printed: which, and where its digits' glyph codes are."""

    page: int  # in the chunk
    kind: str  # REF (a page of another chunk), INTERNAL (of this chunk) or FOLIO
    text: str  # the number printed
    target: str = ""  # for REF: the anchor whose page it is
    font: str = ""  # the font resource that prints it
    offset: int = -1  # of its digits' glyph codes in the page's content stream


@dataclass
class Sites:
    """A chunk's page numbers and its fonts' digits: what a reprint needs, as JSON."""

    sites: list[Site] = field(default_factory=list)
    digits: dict[str, list[str]] = field(default_factory=dict)  # font -> glyph code of 0..9
    # Every reference printing a page is a site: else no number may change without a layout.
    complete: bool = True

    def as_data(self) -> dict:
        return {
            "sites": [asdict(site) for site in self.sites],
            "digits": self.digits,
            "complete": self.complete,
        }


def number_boxes(page_box) -> Iterator[tuple[TextBox, str, str, str]]:
    """Each text box of a page that prints a page number: (box, kind, number, target).

    ``number`` is the page number as the box ends with it (a folio's whole text).
    """
    for box in page_box.descendants():
        element = _after_of(box)
        if element is None:
            continue
        filled = element.get("data-page")
        if filled:  # a page of another chunk, filled in as text
            if box.text.endswith(filled):
                yield box, REF, filled, element.get("data-page-of") or ""
        elif (element.get("href") or "").startswith("#"):
            # A page of this chunk (WeasyPrint's target-counter): moves with the folios.
            match = _TRAILING_NUMBER.search(box.text)
            if match:
                yield box, INTERNAL, match[0], ""
    for margin in page_box.children:
        if getattr(margin, "at_keyword", None) in FOLIO_BOXES:
            for box in margin.descendants():
                if isinstance(box, TextBox) and box.text.strip():
                    yield box, FOLIO, box.text, ""


@contextmanager
def recorded(document) -> Iterator[Sites]:
    """Record, while ``document`` is written to PDF, where it prints its page numbers."""
    watched: dict[int, Site] = {}
    styles = {}
    references = set()  # the elements of the references to other chunks found
    for index, page in enumerate(document.pages):
        for box, kind, text, target in number_boxes(page._page_box):
            watched[id(box)] = Site(index, kind, text, target)
            styles.setdefault(_font_style_key(box.style), box)
            if kind == REF:
                references.add(id(box.element))
    found = Sites(complete=_every_reference_found(document, references))
    found.digits = _draw_digits(document, styles.values())
    marks: list[tuple[Stream, bytes, Site]] = []
    original = draw_text.draw_first_line

    def draw_first_line(stream, textbox, *args, **kwargs):
        site = watched.get(id(textbox))
        before = len(stream.stream)
        drawn = original(stream, textbox, *args, **kwargs)
        if site is not None and stream._current_font is not None:
            shown = [i for i in range(before, len(stream.stream)) if _is_shown(stream.stream[i])]
            if shown:
                mark = stream.stream[shown[-1]] = _Shown(stream.stream[shown[-1]])
                site.font = stream._current_font[0]
                marks.append((stream, mark, site))
        return drawn

    draw_text.draw_first_line = draw_first_line
    try:
        yield found
    finally:
        draw_text.draw_first_line = original
    found.sites = list(watched.values())
    _locate(marks, found.digits)


def _every_reference_found(document, references: set[int]) -> bool:
    """Each reference to another chunk that prints something prints a page number found."""
    for page in document.pages:
        for box in page._page_box.descendants():
            element = _after_of(box)
            printing = element is not None and element.get("data-page") and box.text.strip()
            if printing and id(element) not in references:
                return False
    return True


def _after_of(box):
    """The element whose ``::after`` text ``box`` is (where page numbers are printed), if any."""
    element = getattr(box, "element", None)
    after = isinstance(box, TextBox) and (box.element_tag or "").endswith("::after")
    return element if after else None


def _is_shown(item: object) -> bool:
    return isinstance(item, bytes) and item.endswith(_SHOWN)


class _Shown(bytes):
    """A ``TJ`` operation of the content stream that prints a page number."""


def _font_style_key(style) -> tuple:
    """What chooses a box's font and its glyphs: boxes alike draw their digits alike."""
    names = ("font_family", "font_size", "font_weight", "font_style", "font_stretch",
             "font_variant_numeric", "font_feature_settings", "font_variation_settings",
             "font_kerning", "font_variant_ligatures", "letter_spacing", "lang")  # fmt: skip
    return tuple(repr(style[name]) for name in names)


def _draw_digits(document, boxes) -> dict[str, list[str]]:
    """Draw 0–9 in the font of each box, off the pages; each font's code for each digit.

    A digit's code is its glyph's and the adjustment WeasyPrint writes after it
    (``0011>0<``). A font whose digits differ in width (no tabular figures: a
    number with other digits would be laid out otherwise) or in adjustment
    (kerned, or drawn from another font) gets none: its numbers cannot be
    reprinted, only laid out again.
    """
    scratch = Stream(
        document.fonts, (0, 0, 1, 1), pydyf.Dictionary(), {}, None,
        document.color_profiles, document.output_intent,
    )  # fmt: skip
    digits: dict[str, list[str]] = {}
    refused = set()
    for box in boxes:
        digit_box = box.copy_with_text(DIGITS)
        digit_box.pango_layout = create_layout(DIGITS, box.style, None, None, 0)
        scratch.stream = []
        draw_text.draw_first_line(scratch, digit_box, "clip", "none", Matrix())
        font = scratch._current_font[0] if scratch._current_font else None
        shown = [item for item in scratch.stream if _is_shown(item)]
        codes = _digit_codes(shown[0]) if len(shown) == 1 else None
        if codes is not None and not _as_wide(document, font, codes):
            codes = None
        if font is None or codes is None or digits.get(font, codes) != codes:
            refused.add(font)
        else:
            digits[font] = codes
    return {font: codes for font, codes in digits.items() if font not in refused}


def _as_wide(document, font: str | None, codes: list[str]) -> bool:
    """The digits of ``font`` all have the same width (tabular figures)."""
    drawn = next((each for each in document.fonts.values() if each.hash == font), None)
    widths = {drawn.widths.get(int(code[:4], 16)) for code in codes} if drawn else {None}
    return len(widths) == 1 and None not in widths


def _digit_codes(shown: bytes) -> list[str] | None:
    """The code of each of the ten digits in the ``TJ`` that drew them, if alike."""
    text = shown.decode("ascii")
    if not text.startswith("[<") or not text.endswith(_SHOWN.decode()):
        return None
    inner = text[2 : -len(_SHOWN)]
    codes = [glyph + (f">{after}<" if after else "") for glyph, after in _DIGIT.findall(inner)]
    if len(codes) != len(DIGITS) or _closed("".join(codes)) != inner:
        return None
    alike = len({len(code) for code in codes}) == 1 and len({code[4:] for code in codes}) == 1
    return codes if alike else None


def _closed(codes: str) -> str:
    """Codes as the end of a ``TJ`` shows them: WeasyPrint drops a last ``<``, or closes."""
    return codes[:-1] if codes.endswith("<") else codes + ">"


def _locate(marks: list[tuple[Stream, bytes, Site]], digits: dict[str, list[str]]) -> None:
    """The offset in its page's content stream of each site's digits, found as the last
    glyphs of its ``TJ``; the others keep none (laid out again to change)."""
    by_stream: dict[int, tuple[Stream, dict[int, Site]]] = {}
    for stream, mark, site in marks:
        by_stream.setdefault(id(stream), (stream, {}))[1][id(mark)] = site
    for stream, sites in by_stream.values():
        if "Subtype" in stream.extra:  # a form drawn on the page, not the page's stream
            continue
        offset = 0
        for item in stream.stream:
            data = pydyf._to_bytes(item)
            site = sites.get(id(item)) if isinstance(item, _Shown) else None
            if site is not None and site.font in digits and site.text.isdigit():
                codes = printed(digits[site.font], site.text)
                body = data[: -len(_SHOWN)]
                if body.endswith(codes):  # each digit followed by an adjustment
                    site.offset = offset + len(body) - len(codes)
                elif body.endswith(codes + b">"):
                    site.offset = offset + len(body) - len(codes) - 1
            offset += len(data) + 1  # items are joined by newlines (engine_fixes)
