"""Figures in the print edition: scaled to the page, drawings kept apart (book.pdf.assemble)."""

from __future__ import annotations

import re
from pathlib import Path

from book import press
from tests.conftest import tool, write_book
from tests.pdf.test_overflow import INDEX, OPENING

TALL = (  # a screenshot of a phone, say: at the text block's width, taller than the page
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="400" viewBox="0 0 100 400">'
    '<rect width="100" height="400" fill="#8e0e13"/></svg>\n'
)


def test_an_image_taller_than_the_page_is_scaled_to_fit_with_its_caption(tmp_path: Path):
    body = "\n\n```{figure} images/cao.svg\n:alt: Ảnh chụp màn hình điện thoại\n\nChú thích.\n```\n"
    book = write_book(
        tmp_path, {"index.md": INDEX, "mot.md": OPENING + body, "images/cao.svg": TALL}
    )
    pdf = press.build(book, ["pdf"], status=None)["pdf"]
    assert "Chú thích." in tool("pdftotext", str(pdf), "-")


GLYPHS = (  # as cairo and matplotlib draw text: glyphs defined once, used by id
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="120" height="40" viewBox="0 0 120 40"><defs><path id="glyph0-0" d="M0 0h8v8H0z"/>'
    '</defs><use xlink:href="#glyph0-0" x="4" y="4"/></svg>\n'
)


def test_the_same_drawing_twice_in_a_chapter_keeps_its_ids_apart(tmp_path: Path):
    body = (
        "\n\n![Hình một](images/ky-tu.svg)\n\nĐoạn giữa.\n\n![Hình một lần nữa](images/ky-tu.svg)\n"
    )
    book = write_book(
        tmp_path, {"index.md": INDEX, "mot.md": OPENING + body, "images/ky-tu.svg": GLYPHS}
    )
    assert press.build(book, ["pdf"], status=None)["pdf"].is_file()
    document = (book / "build/.work/pdf/print.html").read_text(encoding="utf-8")
    ids = [i for i in re.findall(r' id="([^"]+)"', document) if "glyph0-0" in i]
    assert len(ids) == 2 and len(set(ids)) == 2, ids
