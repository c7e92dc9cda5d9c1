"""Costs of WeasyPrint and pydyf on a long book, taken out at import.

They change how the output is produced, not what it shows; they belong
upstream and should go once WeasyPrint and pydyf fix them (the versions are
pinned in ``constraints.txt``; ``tests/pdf/test_engine_fixes.py`` notices a
change of the internals they rely on).
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from math import inf

import pydyf
import weasyprint.pdf
from fontTools.ttLib import TTFont
from weasyprint import document, images
from weasyprint.layout import inline, page
from weasyprint.layout.leader import handle_leader, leader_index
from weasyprint.pdf import fonts
from weasyprint.text.line_break import split_first_line

from book.pdf.glyph_text import glyph_texts


def _indexed_page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """pydyf's ``page_references``, built once per page count instead of on every call.

    WeasyPrint's tagging asks for it once per tagged element, and pydyf rebuilds
    the whole tuple each time: writing a tagged PDF grew with the square of its
    length (6 of 10 seconds at 260 pages). Pages are only ever appended, so the
    page count tells whether the tuple is still current.
    """
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_book_page_references")
    if cached is None or cached[0] != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        cached = pdf.__dict__["_book_page_references"] = (len(kids), references)
    return cached[1]


def handle_leader_as_one_run(context, line, containing_block) -> None:
    """WeasyPrint's leaders, drawn as one run of text instead of one box per dot.

    WeasyPrint fills a leader with a copy of its text box for every repetition
    of the string: a contents page of 800 entries became 50,000 boxes, each
    drawn, tagged and written on its own (two thirds of the time and half the
    size of that chunk's PDF). The boxes it keeps are contiguous, so one box
    holding the repeated string, where the leftmost of them was, shows the same dots.
    """
    handle_leader(context, line, containing_block)
    _, leader = leader_index(line)  # the box handle_leader filled
    if leader is None or len(leader.children) < 2:
        return
    # WeasyPrint places the copies from the right edge leftwards.
    first = min(leader.children, key=lambda box: box.position_x)
    text = first.text * len(leader.children)
    layout, _, _, width, _, _ = split_first_line(
        text, first.style, context, inf, first.justification_spacing, is_line_start=False
    )
    run = first.copy_with_text(layout.text)
    run.pango_layout = layout
    run.width = width
    leader.children = (run,)


ORIGINAL_STREAM_DATA = pydyf.Stream.data


def _stream_data_at_default_level(stream: pydyf.Stream) -> bytes:
    """pydyf's ``Stream.data``, compressed at zlib's default level (6) instead of 9.

    Level 9 took a third of the time WeasyPrint spends writing a chapter's PDF
    (ten chapters of the benchmark: 1.44 s against 1.01 s) to make its streams
    0.4 % smaller. A stream met again is not compressed again (``_compressed``).
    """
    data = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    extra = pydyf.Dictionary(stream.extra.copy())
    if stream.compress:
        extra["Filter"] = "/FlateDecode"
        data = _compressed(data)
    extra["Length"] = len(data)
    return b"\n".join((extra.data, b"stream", data, b"endstream"))


# Streams met again are compressed once per process: the chunks of a book embed
# the same fonts whole, with the same Unicode maps (see book.pdf.render), and a
# worker compressed them again for every chunk.
REPEAT_MIN_BYTES = 2048  # smaller streams cost less to compress than to remember
REPEAT_BUDGET_BYTES = 16 << 20  # compressed bytes kept, at most (a book's fonts: under 1 MB)
_seen_once: set[bytes] = set()
_compressed_repeats: dict[bytes, bytes] = {}
_kept_bytes = 0


def _compressed(data: bytes) -> bytes:
    """``zlib.compress(data)``, remembered for data met a second time."""
    global _kept_bytes
    if len(data) < REPEAT_MIN_BYTES:
        return zlib.compress(data)
    key = hashlib.blake2b(data, digest_size=16).digest()
    known = _compressed_repeats.get(key)
    if known is not None:
        return known
    compressed = zlib.compress(data)
    if key not in _seen_once:
        _seen_once.add(key)
    elif _kept_bytes + len(compressed) <= REPEAT_BUDGET_BYTES:
        _compressed_repeats[key] = compressed
        _kept_bytes += len(compressed)
    return compressed


# WeasyPrint reads each font with fontTools (its glyph table decompiled) to
# list every glyph's width when it embeds the font whole, as the chunks do:
# the same fonts, read again for every chunk. With the streams above, this
# was two fifths of a worker's writing time (29 chapters: 5.5-6.2 s of CPU
# against 2.7-3.8 s, the same bytes). Fonts it only reads are read once per
# process; those it rewrites (variable, colour and bitmap fonts) as before.
_REWRITTEN_TABLES = ("fvar", "CBDT", "CBLC", "EBDT", "SVG ", "COLR", "sbix")
_fonts_read: dict[tuple[bytes, int], TTFont] = {}


def _font_read_once(file, fontNumber: int = -1, **options) -> TTFont:
    if options or not isinstance(file, io.BytesIO):
        return TTFont(file, fontNumber=fontNumber, **options)
    key = (hashlib.blake2b(file.getbuffer(), digest_size=16).digest(), fontNumber)
    font = _fonts_read.get(key)
    if font is None:
        font = TTFont(file, fontNumber=fontNumber)
        if any(tag in font for tag in _REWRITTEN_TABLES):
            return font
        _fonts_read[key] = font
    return font


@contextmanager
def _fonts_read_once() -> Iterator[None]:
    fonts.TTFont = _font_read_once
    try:
        yield
    finally:
        fonts.TTFont = TTFont


ORIGINAL_FONTS_DICTIONARY = fonts.build_fonts_dictionary


def _fonts_dictionary_reading_fonts_once(pdf, pdf_fonts, compress, subset, options):
    """WeasyPrint's ``build_fonts_dictionary``; whole fonts read once per process, and
    their Unicode maps completed with the glyphs substitutions reach.

    Only when fonts are embedded whole: subsetting rewrites the font it read,
    and maps the glyphs drawn.
    """
    if subset:
        return ORIGINAL_FONTS_DICTIONARY(pdf, pdf_fonts, compress, subset, options)
    with _fonts_read_once():
        dictionary = ORIGINAL_FONTS_DICTIONARY(pdf, pdf_fonts, compress, subset, options)
        for font in pdf_fonts.values():
            if font.hash in dictionary and not font.bitmap:
                _complete_unicode_map(pdf, dictionary[font.hash], font)
    return dictionary


_glyph_texts: dict[tuple[bytes, int], dict[int, str]] = {}


def _complete_unicode_map(pdf: pydyf.PDF, reference: bytes, font) -> None:
    """The ToUnicode map of a font embedded whole, with every glyph's text (book.pdf.glyph_text).

    WeasyPrint 70.0 maps, for a font embedded whole, the glyphs of its
    character map only: a ligature ("ffi" in "affine") or an alternate read
    back as nothing, a ligature listed as a presentation form as "ﬁ". What
    each glyph shows is the same for every chunk, so the chunks' maps of one
    font stay the same and the merge keeps one.
    """
    key = (hashlib.blake2b(font.file_content, digest_size=16).digest(), font.index)
    if key not in _glyph_texts:
        ttfont = _font_read_once(io.BytesIO(font.file_content), font.index)
        _glyph_texts[key] = glyph_texts(ttfont)
    font_dictionary = pdf.objects[int(reference.split()[0])]
    to_unicode = pdf.objects[int(font_dictionary["ToUnicode"].split()[0])]
    lines = to_unicode.stream
    start, end = lines.index(b"endcodespacerange") + 1, lines.index(b"endcmap")
    mapped = sorted(_glyph_texts[key].items())
    block = []
    for first in range(0, len(mapped), 100):
        batch = mapped[first : first + 100]
        block.append(f"{len(batch)} beginbfchar".encode())
        block += [f"<{gid:04x}> <{text.encode('utf-16-be').hex()}>".encode() for gid, text in batch]
        block.append(b"endbfchar")
    lines[start:end] = block


ORIGINAL_GATHER_ANCHORS = document.gather_anchors


def _gather_anchors_one_link_per_area(box, anchors, links, bookmarks, forms, *args, **kwargs):
    """WeasyPrint's ``gather_anchors``; a link inside the area of the same link, dropped.

    WeasyPrint gives every box inside a link its own annotation: a contents
    entry (the link, its text, the leader and the page number) had five, each
    with its structure element, a third of that chunk's writing and its size;
    a cross-reference with its ", trang N", three. A reader's click lands on
    the same target either way. Links are gathered parents first, so the
    area that covers a box's comes before it.
    """
    ORIGINAL_GATHER_ANCHORS(box, anchors, links, bookmarks, forms, *args, **kwargs)
    kept: dict[tuple, list[tuple[float, float, float, float]]] = {}
    unique = []
    for link in links:
        link_type, target, area, _ = link
        areas = kept.setdefault((link_type, target), [])
        if not any(_covers(outer, area) for outer in areas):
            areas.append(area)
            unique.append(link)
    links[:] = unique


def _covers(outer: tuple, inner: tuple, slack: float = 1e-3) -> bool:
    x1, y1, x2, y2 = outer
    u1, v1, u2, v2 = inner
    return x1 - slack <= u1 and y1 - slack <= v1 and u2 <= x2 + slack and v2 <= y2 + slack


ORIGINAL_REMAKE_PAGE = page.remake_page


def remake_page_with_its_reported_footnotes(index, context, root_box, html):
    """WeasyPrint's ``remake_page``, starting from the footnotes the page before reported.

    A footnote that does not fit on its call's page is reported to the next
    one in ``context.reported_footnotes``, which the page maker does not keep
    with the state of each page: when a page was made again (a target-counter
    resolved) after its previous page was kept as it was, it started with
    whatever the last page made had left, and the reported footnote was lost
    from the book (WeasyPrint 70.0; footnote 2 of the sample's chapter 6).
    Found by the reference render (tests/pdf/test_reference.py).
    """
    before = context.__dict__.setdefault("_book_reported_footnotes", {})
    if index in before:
        context.reported_footnotes = list(before[index])
    made = ORIGINAL_REMAKE_PAGE(index, context, root_box, html)
    before[index + 1] = list(context.reported_footnotes)
    return made


ORIGINAL_GET_IMAGE = document.original_get_image_from_uri


def image_named_by_its_content(*args, **kwargs):
    """WeasyPrint's ``get_image_from_uri``; a raster image named in the PDF by its bytes.

    WeasyPrint names an image's XObject by the MD5 of its URL, a file: URL that
    holds the book's folder: the same book published from two folders gave two
    PDFs (WeasyPrint 70.0; found comparing a rebuild with a clean build
    elsewhere). Named by content, equal images share one XObject, as equal
    URLs did.
    """
    image = ORIGINAL_GET_IMAGE(*args, **kwargs)
    if isinstance(image, images.RasterImage):
        image.id = hashlib.md5(image.image_data.data, usedforsecurity=False).hexdigest()
    return image


weasyprint.pdf.build_fonts_dictionary = _fonts_dictionary_reading_fonts_once
document.original_get_image_from_uri = image_named_by_its_content
page.remake_page = remake_page_with_its_reported_footnotes
document.gather_anchors = _gather_anchors_one_link_per_area
pydyf.PDF.page_references = property(_indexed_page_references)
pydyf.Stream.data = property(_stream_data_at_default_level)
inline.handle_leader = handle_leader_as_one_run
