"""The press's fixes to WeasyPrint and pydyf change the cost, never the result."""

from __future__ import annotations

import io
import re
import unicodedata
import uuid
import zlib
from pathlib import Path

import pikepdf
import pydyf
import pytest
import weasyprint
import weasyprint.pdf
from weasyprint.layout import inline
from weasyprint.layout.leader import handle_leader

from book import fonts
from book.pdf import engine_fixes

CONTENTS = """
<style>
  @page { size: 120mm 80mm; margin: 10mm; }
  body { font-family: serif; font-size: 10pt; }
  a { display: block; }
  a::after { content: leader(". ") attr(data-page); }
</style>
<a data-page="7">Chương 1. Mục tiêu</a>
<a data-page="123">Chương 2. Một tiêu đề dài hơn, xuống dòng vì không vừa một dòng của trang</a>
"""


def _lines(document: weasyprint.Document) -> list:
    """(leader boxes, number box) of every line holding a leader."""
    found = []

    def walk(box, parent=None):
        if getattr(box, "is_leader", False):
            found.append((box.children, parent.children[-1]))  # the number follows
        for child in getattr(box, "children", ()):
            walk(child, box)

    for page in document.pages:
        walk(page._page_box)
    return found


def test_a_leader_is_one_run_where_weasyprint_put_many(monkeypatch):
    patched = _lines(weasyprint.HTML(string=CONTENTS).render())
    monkeypatch.setattr(inline, "handle_leader", handle_leader)
    original = _lines(weasyprint.HTML(string=CONTENTS).render())

    assert len(patched) == len(original) == 2
    for (run, number), (dots, original_number) in zip(patched, original, strict=True):
        assert len(dots) > 10
        assert len(run) == 1
        assert run[0].text == dots[0].text * len(dots)
        assert run[0].position_x == pytest.approx(min(box.position_x for box in dots))
        assert run[0].width == pytest.approx(sum(box.width for box in dots), abs=0.5)
        # The page number stays where WeasyPrint put it, against the right margin.
        assert number.text == original_number.text
        assert number.position_x == pytest.approx(original_number.position_x)


def test_page_references_follow_the_pages_added():
    pdf = pydyf.PDF()
    assert pdf.page_references == ()
    for count in (1, 2):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        kids = pdf.pages["Kids"]
        assert len(pdf.page_references) == count
        assert pdf.page_references[-1] == f"{kids[-3]} 0 R".encode()
    assert engine_fixes.handle_leader_as_one_run is inline.handle_leader


@pytest.mark.parametrize("compress", [True, False])
def test_streams_hold_the_same_data_at_the_default_level(compress: bool):
    stream = pydyf.Stream(
        ["BT", "/F1 12 Tf", b"(Ch\xc3\xad Linh) Tj", "ET"] * 200, {"Type": "/XObject"}, compress
    )
    ours = stream.data
    theirs = engine_fixes.ORIGINAL_STREAM_DATA.fget(stream)
    head, _, rest = ours.partition(b"\nstream\n")
    their_head, _, their_rest = theirs.partition(b"\nstream\n")
    body, their_body = rest.removesuffix(b"\nendstream"), their_rest.removesuffix(b"\nendstream")
    if compress:
        assert zlib.decompress(body) == zlib.decompress(their_body)
        assert body == zlib.compress(zlib.decompress(body), 6)
        assert head == their_head.replace(f"/Length {len(their_body)}".encode(),
                                          f"/Length {len(body)}".encode())  # fmt: skip
    else:
        assert ours == theirs


def test_a_stream_met_again_is_compressed_once_to_the_same_bytes(monkeypatch):
    font_like = uuid.uuid4().bytes * 512  # 8 KB never seen by this process
    compressed = []
    real_compress = zlib.compress
    monkeypatch.setattr(
        zlib, "compress", lambda data: compressed.append(data) or real_compress(data)
    )

    written = [
        pydyf.Stream([font_like], {"Length1": len(font_like)}, compress=True).data for _ in range(4)
    ]

    assert len(set(written)) == 1
    assert zlib.decompress(written[0].split(b"\nstream\n")[1][: -len(b"\nendstream")]) == font_like
    # Compressed when first met and when met again (then remembered), never after.
    assert compressed.count(font_like) == 2


def test_small_streams_are_not_remembered(monkeypatch):
    content = uuid.uuid4().bytes * 4
    remembered = len(engine_fixes._compressed_repeats)
    written = {pydyf.Stream([content], compress=True).data for _ in range(3)}
    assert len(written) == 1
    assert len(engine_fixes._compressed_repeats) == remembered


def _document_in(face: fonts.Face, text: str) -> weasyprint.Document:
    html = f"""<style>
      @font-face {{ font-family: Book; src: url({face.path.as_uri()}); }}
      body {{ font-family: Book; }}
    </style><p>{text}</p>"""
    return weasyprint.HTML(string=html).render()


def _embedded_fonts(pdf: bytes) -> list[tuple]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        found = []
        for page in document.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0]
                found.append(
                    (
                        str(font.BaseFont),
                        descendant.FontDescriptor.FontFile2.read_bytes(),
                        font.ToUnicode.read_bytes(),
                        descendant.W.unparse(resolved=True),
                    )
                )
        return found


def test_whole_fonts_are_read_once_and_embedded_as_weasyprint_embeds_them(monkeypatch):
    face = next(face for face in fonts.faces() if face.family == fonts.MONO)
    reads = []

    class CountedTTFont(engine_fixes.TTFont):
        def __init__(self, *args, **kwargs):
            reads.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(engine_fixes, "TTFont", CountedTTFont)
    monkeypatch.setattr(engine_fixes, "_fonts_read", {})
    texts = ["Chí Linh", "Hải Dương, nhiệm kỳ 2020–2025"]
    ours = [_document_in(face, text).write_pdf(full_fonts=True) for text in texts]
    assert len(reads) == 1

    monkeypatch.setattr(
        weasyprint.pdf, "build_fonts_dictionary", engine_fixes.ORIGINAL_FONTS_DICTIONARY
    )
    theirs = [_document_in(face, text).write_pdf(full_fonts=True) for text in texts]
    for our_pdf, their_pdf in zip(ours, theirs, strict=True):
        our_fonts, their_fonts = _embedded_fonts(our_pdf), _embedded_fonts(their_pdf)
        assert our_fonts
        # The same fonts, widths and names; the Unicode map completed (see the next test).
        assert [(n, f, w) for n, f, _, w in our_fonts] == [(n, f, w) for n, f, _, w in their_fonts]
        for (*_, our_map, _), (*_, their_map, _) in zip(our_fonts, their_fonts, strict=True):
            ours_by_glyph, theirs_by_glyph = _unicode_map(our_map), _unicode_map(their_map)
            assert ours_by_glyph.items() >= {
                (glyph, text)
                for glyph, text in theirs_by_glyph.items()
                if len(text) == 1 and unicodedata.normalize("NFKC", text) == text
            }


def _unicode_map(cmap: bytes) -> dict[int, str]:
    pairs = re.findall(rb"<([0-9a-f]{4})> <([0-9a-f]+)>", cmap)
    return {
        int(glyph, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for glyph, text in pairs
    }


def test_whole_fonts_map_every_glyph_a_ligature_reaches():
    """WeasyPrint maps a whole font's character map only: "affine" read back "a ne"."""
    face = fonts.faces()[0]
    pdf = _document_in(face, "affine office").write_pdf(full_fonts=True)
    (*_, cmap, _), *_ = _embedded_fonts(pdf)
    texts = set(_unicode_map(cmap).values())
    assert {"ffi", "fi"} <= texts


def test_fonts_weasyprint_rewrites_are_read_afresh(monkeypatch):
    face = next(face for face in fonts.faces() if face.family == fonts.MONO)
    data = Path(face.path).read_bytes()
    monkeypatch.setattr(engine_fixes, "_fonts_read", {})
    kept = engine_fixes._font_read_once(io.BytesIO(data))
    assert engine_fixes._font_read_once(io.BytesIO(data)) is kept

    # As if it were a variable or colour font: WeasyPrint instantiates or rewrites those.
    monkeypatch.setattr(engine_fixes, "_fonts_read", {})
    monkeypatch.setattr(engine_fixes, "_REWRITTEN_TABLES", ("head",))
    first = engine_fixes._font_read_once(io.BytesIO(data))
    assert engine_fixes._font_read_once(io.BytesIO(data)) is not first


def test_subsetting_reads_fonts_as_weasyprint_does(monkeypatch):
    face = next(face for face in fonts.faces() if face.family == fonts.MONO)
    read_once = []
    monkeypatch.setattr(engine_fixes, "_font_read_once", lambda *a, **k: read_once.append(a))
    _document_in(face, "Chí Linh").write_pdf()
    assert read_once == []


LINKS = """
<style>
  @page { size: 100mm 60mm; margin: 10mm; }
  body { font-family: serif; font-size: 10pt; }
  a.toc { display: block; }
  a.toc::after { content: " " attr(data-page); }
  a.ref::after { content: ", trang 12"; }
</style>
<a class="toc" href="#muc-1" data-page="7">Chương 1. <span>Mục tiêu</span></a>
<p>Xem <a class="ref" href="#muc-1"><span>Mục tiêu</span></a> và
<a class="ref" href="#muc-2"><span>một mục có tiêu đề rất dài, đủ dài để xuống dòng giữa chừng
trong đoạn này</span></a>.</p>
<h2 id="muc-1">Mục tiêu</h2><h2 id="muc-2">Mục hai</h2>
"""


def _links(document: weasyprint.Document) -> list[tuple[str, tuple, str]]:
    """(target, area, tag of the box) of every link annotation WeasyPrint would write."""
    return [
        (target, area, box.element_tag)
        for page in document.pages
        for _, target, area, box in page.links
    ]


def _clickable(links: list[tuple], target: str, x: float, y: float) -> bool:
    return any(
        name == target and x1 <= x <= x2 and y1 <= y <= y2 for name, (x1, y1, x2, y2), _ in links
    )


def test_a_link_keeps_one_annotation_per_area_it_covers(monkeypatch):
    patched = _links(weasyprint.HTML(string=LINKS).render())
    monkeypatch.setattr(weasyprint.document, "gather_anchors", engine_fixes.ORIGINAL_GATHER_ANCHORS)
    original = _links(weasyprint.HTML(string=LINKS).render())

    # WeasyPrint gave the link's span and generated text annotations of their
    # own; the link keeps one per line it is on: the contents entry one, the
    # short reference one, the long one as many as its lines.
    assert {tag for _, _, tag in original} == {"a", "span", "a::after"}
    assert patched == [link for link in original if link[2] == "a"]
    assert sum(target == "muc-2" for target, _, _ in patched) >= 2
    # Every point WeasyPrint made clickable still leads to the same target.
    for target, (x1, y1, x2, y2), _ in original:
        for x, y in ((x1, y1), (x2, y2), ((x1 + x2) / 2, (y1 + y2) / 2)):
            assert _clickable(patched, target, x, y)
