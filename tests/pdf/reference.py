"""A reference render of the print edition: the print document laid out whole by WeasyPrint.

The press lays the book out in chunks, keeps and reprints their layouts, patches
WeasyPrint (book.pdf.engine_fixes) and merges the chunks' PDFs. None of that
may change what is printed: the book must be the print document as plain
WeasyPrint lays it out in one piece. Run in a fresh process, without the
press's patches, with the print edition's own stylesheet and font set.

Compared, page by page: the page count, the text, the fonts, and the place of
every glyph that leaves ink (within 0.01 pt). Left aside, and why:
- spaces: they leave no ink, and which face a space between two runs is
  taken from is not something a reader can see (the text is compared without them);
- the dots of a leader: the press draws a leader as one run of text
  (book.pdf.engine_fixes), WeasyPrint as a box per dot; in one run the PDF's
  whole-number glyph adjustments put each dot within LEADER_DRIFT of its box
  (a dot is a point wide: invisible). The dots, their font and line are the same;
- the file's structure (object order, structure tree, names, outline,
  metadata): the merge writes them, the text and the glyphs are what is read;
- page numbers in the text come from target-counter() in the plain render; for
  the glyph positions, a second plain render has every reference's page filled
  in as text, as the press fills in references between chunks. WeasyPrint
  sizes a table's columns before it resolves target-counter(), so a column
  holding "trang 16" is laid out for another number in the first render.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import html
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTPage
from pypdf import PdfReader

from book.pdf.chunks import ANCHOR_SCHEME
from book.pdf.jobs import PRINT_STYLESHEET
from book.pdf.private_fonts import FONTS_CONF

TOLERANCE = 0.01  # pt
LEADER_DRIFT = 0.05  # pt, along the line (see above)

# Run apart: the test process has imported the press's patches of WeasyPrint.
_RENDER = """
import json, sys
from pathlib import Path
import weasyprint
from book.pdf.private_fonts import book_font_configuration
work, document, target = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
fonts = book_font_configuration(work / sys.argv[5])
css = weasyprint.CSS(filename=str(work / sys.argv[4]), font_config=fonts)
rendered = weasyprint.HTML(filename=str(document), base_url=str(work) + "/").render(
    stylesheets=[css], font_config=fonts
)
# Subset by WeasyPrint: its Unicode maps then hold the glyphs drawn (a font embedded
# whole maps its character map only, book.pdf.glyph_text).
rendered.write_pdf(target, pdf_variant="pdf/ua-1")
first = {}
for index, page in enumerate(rendered.pages):
    for anchor in page.anchors:
        first.setdefault(anchor, index)
print(json.dumps(first))
"""


@dataclass(frozen=True)
class Glyph:
    text: str
    x: float
    y: float
    font: str  # without the subset tag


def plain_render(work: Path, document: Path, target: Path) -> dict[str, int]:
    """``document`` laid out whole by unpatched WeasyPrint into ``target``; the first
    page index of every anchor."""
    import json

    result = subprocess.run(
        [sys.executable, "-c", _RENDER, str(work), str(document), str(target),
         str(PRINT_STYLESHEET), str(PRINT_STYLESHEET.parent / FONTS_CONF)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def with_numbers_as_text(document: Path, first_pages: dict[str, int], labels: list[str]) -> str:
    """The print document with every local reference's page filled in as text."""
    root = html.parse(str(document)).getroot()
    for link in root.xpath('//a[starts-with(@href, "#")]'):
        target = link.get("href")[1:]
        if target in first_pages:
            link.set("href", ANCHOR_SCHEME + target)
            link.set("data-page-of", target)
            link.set("data-page", labels[first_pages[target]])
    return html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def glyphs(pdf: Path) -> list[list[Glyph]]:
    """The glyphs that leave ink, page by page, in reading position order."""
    pages = []
    for page in extract_pages(str(pdf)):
        found = [
            Glyph(char.get_text(), char.x0, char.y0, char.fontname.split("+", 1)[-1])
            for char in _chars(page)
            if char.get_text().strip()
        ]
        pages.append(sorted(found, key=lambda g: (round(-g.y, 1), round(g.x, 1), g.text)))
    return pages


def _chars(item: LTPage):
    for child in item:
        if isinstance(child, LTChar):
            yield child
        elif hasattr(child, "__iter__"):
            yield from _chars(child)


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, spaces aside."""
    result = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                            check=True)  # fmt: skip
    return ["".join(page.split()) for page in result.stdout.split("\f")[:-1]]


def differences(book_pdf: Path, work: Path, scratch: Path) -> list[str]:
    """What the press's PDF prints otherwise than the reference render; [] when the same."""
    document = work / "print.html"
    reference = scratch / "reference.pdf"
    first_pages = plain_render(work, document, reference)
    labels = list(PdfReader(book_pdf).page_labels)
    if len(labels) != len(PdfReader(reference).pages):
        return [f"{len(labels)} pages, the reference {len(PdfReader(reference).pages)}"]
    # The numbers WeasyPrint resolves for every reference, as text (see above).
    filled = scratch / "print-filled.html"
    filled.write_text(with_numbers_as_text(document, first_pages, labels), encoding="utf-8")
    positioned = scratch / "reference-filled.pdf"
    plain_render(work, filled, positioned)
    problems = []
    ours_text, their_text = page_texts(book_pdf), page_texts(positioned)
    for number, (ours, theirs) in enumerate(zip(ours_text, their_text, strict=True), 1):
        if ours != theirs:
            pairs = zip(ours + "$", theirs + "#", strict=False)
            at = next(i for i, (a, b) in enumerate(pairs) if a != b)
            problems.append(
                f"page {number}: text …{ours[max(0, at - 60) : at + 60]!r} != "
                f"…{theirs[max(0, at - 60) : at + 60]!r}"
            )
    for number, (ours, theirs) in enumerate(
        zip(glyphs(book_pdf), glyphs(positioned), strict=True), 1
    ):
        problems += _glyph_differences(number, ours, theirs)
    return problems


def _glyph_differences(number: int, ours: list[Glyph], theirs: list[Glyph]) -> list[str]:
    if sorted({g.font for g in ours}) != sorted({g.font for g in theirs}):
        return [f"page {number}: fonts {sorted({g.font for g in ours})} != "
                f"{sorted({g.font for g in theirs})}"]  # fmt: skip
    if len(ours) != len(theirs):
        return [f"page {number}: {len(ours)} glyphs, the reference {len(theirs)}"]
    for mine, other in zip(ours, theirs, strict=True):
        along = LEADER_DRIFT if mine.text == "." else TOLERANCE
        if (
            mine.text != other.text
            or mine.font != other.font
            or abs(mine.x - other.x) > along
            or abs(mine.y - other.y) > TOLERANCE
        ):
            return [f"page {number}: {mine} != {other}"]
    return []
