"""Every line of a drawing's text, and every word of every chapter, reads back from the PDF."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import weasyprint
from lxml import html

from book.pdf.figure_text import expected_lines, missing_lines, squeezed
from tests.conftest import tool

DRAWING = """<svg xmlns="http://www.w3.org/2000/svg" data-src="_images/hinh.svg"
viewBox="0 0 200 80">
<defs><text id="mau">Không vẽ</text></defs>
<text x="5" y="20">Chuyển <tspan>đổi</tspan> số</text>
<text x="5" y="50" style="display: none">Ẩn đi</text>
<text x="5" y="70">Kinh tế số</text></svg>"""


def _page(markup: str) -> str:
    return f'<!DOCTYPE html><html lang="vi"><body><p>Đoạn văn.</p>{markup}</body></html>'


def test_the_lines_a_drawing_shows_are_expected():
    assert expected_lines(_page(DRAWING)) == {"_images/hinh.svg": ["Chuyển đổi số", "Kinh tế số"]}


def test_a_drawing_whose_text_prints_reads_back():
    markup = _page(DRAWING)
    pdf = weasyprint.HTML(string=markup).write_pdf()
    assert missing_lines(markup, pdf) == []


def test_a_line_missing_from_the_pdf_is_named():
    pdf = weasyprint.HTML(string=_page(DRAWING.replace("Kinh tế số", "Kinh tế"))).write_pdf()
    assert missing_lines(_page(DRAWING), pdf) == [("_images/hinh.svg", "Kinh tế số")]


def _words(document: Path) -> set[str]:
    """The words of the print document's text, drawings, styles and generated labels aside."""
    root = html.parse(str(document)).getroot()
    for unread in root.xpath("//script | //style | //head | //*[local-name()='svg']"):
        unread.drop_tree()
    # Words apart: two blocks' texts meet without a space in text_content().
    text = unicodedata.normalize("NFC", " ".join(root.itertext()))
    return set(re.findall(r"\w+", text))


def _missing_words(pdf: Path, document: Path) -> list[str]:
    # Hyphens aside: pdftotext joins a word hyphenated at the end of a line.
    text = squeezed(tool("pdftotext", str(pdf), "-")).replace("-", "")
    return sorted(word for word in _words(document) if squeezed(word) not in text)


def _missing_drawing_lines(pdf: Path, document: Path) -> list[tuple[str, str]]:
    # Read by PDFium (Chromium's reader): poppler's pdftotext leaves out text set at
    # an angle, as drawings often have it ("Mua" in d2l-vn-myst's rec-intro.svg).
    import pypdfium2

    reader = pypdfium2.PdfDocument(pdf)
    text = squeezed("".join(page.get_textpage().get_text_range() for page in reader))
    reader.close()
    lines = expected_lines(document.read_text(encoding="utf-8"))
    return [(d, line) for d, found in lines.items() for line in found if squeezed(line) not in text]


@pytest.mark.parametrize("which", ["sample", "real book"])
def test_every_word_and_drawing_line_reads_back(which: str, request: pytest.FixtureRequest):
    if which == "sample":
        pdf = request.getfixturevalue("published")["pdf"]
        work = request.getfixturevalue("sample_book") / "build/.work/pdf"
    else:
        built = request.getfixturevalue("real_book")
        pdf, work = built["pdf"], built["book"] / "build/.work/pdf"
    document = work / "print.html"
    assert _missing_words(pdf, document) == []
    assert _missing_drawing_lines(pdf, document) == []
    assert expected_lines(document.read_text(encoding="utf-8")) or which == "real book"


def test_ligatures_read_back(tmp_path: Path):
    """A ligature glyph ("ffi", "fl") maps to its letters (book.pdf.glyph_text)."""
    from book import press
    from tests.conftest import write_book

    words = "affine, office, Netflix, Geoff, fjord"
    book = write_book(
        tmp_path,
        {
            "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
            "mot.md": f"# Chương một\n\nThuật ngữ tiếng Anh: {words}.\n",
        },
    )
    pdf = press.build(book, ["pdf"], status=None)["pdf"]
    assert words in " ".join(tool("pdftotext", str(pdf), "-").split())


def test_every_glyph_a_ligature_reaches_has_its_text():
    from fontTools.ttLib import TTFont

    from book import fonts
    from book.pdf.glyph_text import glyph_texts

    face = fonts.faces()[0]  # Noto Serif, regular
    font = TTFont(face.path)
    texts = glyph_texts(font)
    cmap = font.getBestCmap()
    assert texts[font.getGlyphID(cmap[ord("a")])] == "a"
    ligatures = {text for text in texts.values() if len(text) > 1}
    assert {"fi", "ffi"} <= ligatures, sorted(ligatures)[:20]
