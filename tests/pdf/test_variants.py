"""Print options from conf.py, on a small book: custom trim with bleed, the archival variant."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from book import press
from tests.conftest import tool, write_book

CHAPTERS = {
    "index.md": "# Sách thử\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
    "mot.md": "# Chương một\n\nĐoạn văn có chú thích[^1] theo Nghị định 30/2020/NĐ-CP.\n\n"
    "[^1]: Chú thích của chương một.\n",
}
MM = 72 / 25.4  # points per millimetre


def test_custom_trim_with_bleed_and_crop_marks(tmp_path: Path):
    book = write_book(
        tmp_path,
        CHAPTERS,
        'book_page_size = "145mm x 205mm"\n'
        'book_print_bleed = "3mm"\nbook_print_crop_marks = True\n',
    )
    pdf = press.build(book, ["pdf"], status=None)["pdf"]
    page = PdfReader(pdf).pages[0]
    trim = [float(v) for v in page.trimbox]
    media = [float(v) for v in page.mediabox]
    assert trim[2] - trim[0] == pytest.approx(145 * MM, abs=0.5)
    assert trim[3] - trim[1] == pytest.approx(205 * MM, abs=0.5)
    assert media[2] - media[0] > trim[2] - trim[0] + 2 * 3 * MM - 0.5  # bleed (and marks) around
    assert "No syntax or stream encoding errors found" in tool("qpdf", "--check", str(pdf))


def test_archival_variant(tmp_path: Path):
    book = write_book(tmp_path, CHAPTERS, 'book_pdf_variant = "pdf/a-3b"\n')
    pdf = press.build(book, ["pdf"], status=None)["pdf"]
    metadata = PdfReader(pdf).xmp_metadata
    xml = metadata.stream.get_data().decode() if metadata else ""
    assert re.search(r"pdfaid:part(>|=\")3", xml) and re.search(
        r"pdfaid:conformance(>|=\")B", xml
    ), xml
    assert "No syntax or stream encoding errors found" in tool("qpdf", "--check", str(pdf))
    text = tool("pdftotext", str(pdf), "-")
    assert "Chú thích của chương một." in text


def test_unknown_variant_or_size_is_a_clear_error(tmp_path: Path):
    book = write_book(tmp_path, CHAPTERS, 'book_page_size = "Letter"\n')
    with pytest.raises(press.BuildFailed, match="book_page_size"):
        press.build(book, ["pdf"], status=None)


def test_declared_fallback_font_is_embedded_not_a_system_font(tmp_path: Path):
    from tests.vietnamese.test_glyphs import fallback_font

    fallback_font(tmp_path / "fonts" / "du-phong.ttf", "𡨸喃")
    chapters = {**CHAPTERS, "mot.md": CHAPTERS["mot.md"] + "\nChữ Nôm: 𡨸喃.\n"}
    book = write_book(tmp_path, chapters, 'book_fallback_fonts = ["fonts/du-phong.ttf"]\n')
    pdf = press.build(book, ["pdf"], status=None)["pdf"]
    names = [row.split()[0] for row in tool("pdffonts", str(pdf)).splitlines()[2:]]
    ours = ("Press-Noto-Serif", "Press-Be-Vietnam-Pro", "Press-IBM-Plex-Mono")
    others = [name for name in names if not name.split("+", 1)[1].startswith(ours)]
    assert len(others) == 1 and "DejaVu" not in others[0], names
    assert "𡨸喃" in tool("pdftotext", str(pdf), "-")


def test_content_wider_than_the_text_block_fails_the_build(tmp_path: Path):
    wide = '\n<div style="width: 300mm; border: 1px solid black">Bảng vẽ quá rộng.</div>\n'
    chapters = {**CHAPTERS, "mot.md": CHAPTERS["mot.md"] + wide}
    book = write_book(tmp_path, chapters)
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["pdf"], status=None)
    message = str(failure.value)
    assert "chapters/mot.md" in message and "tràn ra ngoài khung chữ" in message
    assert "<div>" in message and "mm" in message


def test_a_very_long_word_wraps_inside_the_text_block(tmp_path: Path):
    address = "https://example.com/" + "duong-dan-rat-dai-" * 20
    chapters = {**CHAPTERS, "mot.md": CHAPTERS["mot.md"] + f"\nĐịa chỉ: {address}\n"}
    pdf = press.build(write_book(tmp_path, chapters), ["pdf"], status=None)["pdf"]
    assert "duong-dan-rat-dai" in tool("pdftotext", str(pdf), "-")
