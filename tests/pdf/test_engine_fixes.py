"""The press's fixes to WeasyPrint and pydyf change the cost, never the result."""

from __future__ import annotations

import zlib

import pydyf
import pytest
import weasyprint
from weasyprint.layout import inline
from weasyprint.layout.leader import handle_leader

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
