"""The print edition, checked with the tools a printing house uses (poppler, qpdf)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import tool

# The book's faces under their private names (book.fonts.private_family).
OUR_FONTS = ("Press-Noto-Serif", "Press-Be-Vietnam-Pro", "Press-IBM-Plex-Mono")
ROMAN = re.compile(r"^[ivxlcdm]+$")


@pytest.fixture(scope="module")
def pdf(published: dict[str, Path]) -> Path:
    return published["pdf"]


@pytest.fixture(scope="module")
def pages(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext extracts it."""
    text = tool("pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-")
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def folios(pages: list[str]) -> list[str]:
    """The page number printed at the foot of each page ('' where none is printed)."""
    result = []
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        last = lines[-1] if lines else ""
        result.append(last if last.isdigit() or ROMAN.match(last) else "")
    return result


def flat(text: str) -> str:
    return " ".join(text.split())


def running_text(pages: list[str]) -> str:
    """The book's text without running heads and page numbers, which split paragraphs."""
    tops = [
        next((line.strip() for line in page.splitlines() if line.strip()), "") for page in pages
    ]
    heads = {top for top in tops if tops.count(top) > 1}
    result = []
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines and (lines[-1].isdigit() or ROMAN.match(lines[-1])):
            lines.pop()
        if lines and lines[0] in heads:
            lines.pop(0)
        result.extend(lines)
    return flat(" ".join(result))


def test_file_name_comes_from_the_metadata(pdf: Path):
    assert pdf.name == "so-tay-nghi-quyet-chi-linh-2020-2025.pdf"
    assert pdf.parent.name == "pdf"


def test_every_font_is_ours_embedded_and_subset(pdf: Path):
    rows = tool("pdffonts", str(pdf)).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_, emb, sub, _uni, _obj, _gen = row.split()
        assert (emb, sub) == ("yes", "yes"), row
        assert name.split("+", 1)[1].startswith(OUR_FONTS), f"system font used: {row}"


def test_a5_tagged_with_metadata(pdf: Path):
    info = dict(
        line.split(":", 1) for line in tool("pdfinfo", str(pdf)).splitlines() if ":" in line
    )
    assert info["Page size"].strip().startswith("419.528 x 595.276")  # A5 in points
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == "Các chương trình, đề án, kế hoạch thực hiện Nghị quyết Đại hội"
    assert info["Author"].strip() == "Ban Tuyên giáo Thành ủy Chí Linh"
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "vi"


def test_qpdf_finds_no_structural_problem(pdf: Path):
    assert "No syntax or stream encoding errors found" in tool("qpdf", "--check", str(pdf))


def test_title_page_and_colophon(pages: list[str]):
    front = flat(" ".join(pages[:4]))
    assert "Các chương trình, đề án, kế hoạch thực hiện Nghị quyết Đại hội" in front
    assert "Đại hội Đảng bộ thành phố Chí Linh lần thứ XXIII" in front
    assert "Xuất bản lần thứ nhất" in front


def test_page_numbers_roman_in_front_arabic_in_body(folios: list[str]):
    numbered = [folio for folio in folios if folio]
    first_arabic = next(i for i, folio in enumerate(numbered) if folio.isdigit())
    assert first_arabic > 0 and all(ROMAN.match(f) for f in numbered[:first_arabic])
    arabic = [int(folio) for folio in numbered[first_arabic:]]
    assert arabic[0] in (1, 2, 3)
    assert arabic == sorted(arabic) and len(set(arabic)) == len(arabic)


def _toc_entries(pages: list[str]) -> list[tuple[str, str]]:
    """(title, page number) pairs read back from the printed table of contents."""
    start = next(i for i, page in enumerate(pages) if page.strip().startswith("Mục lục"))
    entries, pending = [], ""
    for page in pages[start : start + 6]:
        for line in page.splitlines()[1:]:
            line = line.strip()
            match = re.match(r"^(.*?\S)?\s*\.(?:\s*\.)*\s+([0-9]+|[ivxlc]+)$", line)
            if match:
                entries.append((flat(f"{pending} {match[1] or ''}"), match[2]))
                pending = ""
            elif line and not line.isdigit() and not ROMAN.match(line):
                pending = f"{pending} {line}"
        if entries and not pending and "Thuật ngữ" in entries[-1][0]:
            break
    return entries


def test_table_of_contents_page_numbers_are_right(pages, folios):
    entries = _toc_entries(pages)
    titles = [title for title, _ in entries]
    assert any(title.startswith("Phần I.") for title in titles)
    assert any(title.startswith("Chương 6.") for title in titles)
    assert any(title.startswith("6.3.") for title in titles)  # second-level sections
    assert "Lời giới thiệu" in titles
    checked = 0
    for title, folio in entries:
        heading = re.sub(r"^(Chương \d+\.|\d+\.\d+\.)\s*", "", title)
        page = folios.index(folio) if folio in folios else None
        assert page is not None, f"TOC points to page {folio}, which does not exist: {title}"
        assert flat(heading)[:30] in flat(pages[page]), f"{title!r} is not on page {folio}"
        checked += 1
    assert checked >= 30


def test_bookmarks_for_parts_chapters_and_sections(pdf: Path):
    reader = PdfReader(pdf)

    def titles(outline, depth=0):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item, depth + 1)
            else:
                yield depth, item.title

    marks = list(titles(reader.outline))
    top = [title for depth, title in marks if depth == 0]
    assert any(title.startswith("Phần I.") for title in top)
    assert any(title.startswith("Phần III.") for title in top)
    assert "Lời giới thiệu" in top
    assert any("Chương trình chuyển đổi số" in title for depth, title in marks if depth == 1)
    assert any(depth == 2 for depth, _ in marks)  # sections under chapters


def test_text_extracts_back_as_the_same_nfc_vietnamese(pages, sample_book: Path):
    text = running_text(pages)
    assert unicodedata.is_normalized("NFC", text)
    checked = 0
    for chapter in sorted((sample_book / "chapters").glob("[0-9]*.md")):
        paragraphs = [
            line
            for line in chapter.read_text(encoding="utf-8").splitlines()
            if len(line) > 60
            and line[0].isalpha()
            and not re.search(r"[][{}*_`<>|#\"']|\.\.\.|--", line)
        ]
        for paragraph in paragraphs[:2]:
            assert flat(paragraph) in text, f"{chapter.name}: {paragraph[:60]}"
            checked += 1
    assert checked >= 12


def test_chapters_in_reading_order(pages):
    text = flat(" ".join(pages))
    body = text[
        text.index("Phần I. Nghị quyết Đại hội đại biểu toàn quốc", text.index("Mục lục") + 2000) :
    ]
    order = [
        "Chương 1.",
        "Chương 2.",
        "Phần II.",
        "Chương 3.",
        "Chương 4.",
        "Phần III.",
        "Chương 5.",
        "Chương 6.",
        "Chữ viết tắt",
        "Thuật ngữ",
    ]
    position = 0
    for marker in order:
        position = body.find(marker, position)
        assert position >= 0, f"{marker} missing or out of order"


def test_figures_tables_and_footnotes(pages, published):
    text = flat(" ".join(pages))
    for label in ("Hình 1.1", "Hình 2.1", "Hình 3.1", "Hình 6.1", "Bảng 1.1", "Bảng 6.1"):
        assert label in text
    site = flat(" ".join(p.read_text(encoding="utf-8") for p in published["html"].glob("*.html")))
    pdf_labels = set(re.findall(r"(?:Hình|Bảng) \d+\.\d+", text))
    html_labels = set(re.findall(r"(?:Hình|Bảng) \d+\.\d+", re.sub(r"<[^>]+>", "", site)))
    assert pdf_labels == html_labels
    # Footnotes are printed at the foot of pages, not gathered at chapter ends.
    assert not re.search(r"Chú thích\s*$", text)


def test_chapters_and_parts_open_on_right_hand_pages(pages):
    openings = [
        index
        for index, page in enumerate(pages)
        if re.match(r"^\s*(Chương \d+\.\s*$|Phần [IVX]+\.)", page.strip(), re.M)
    ]
    assert len(openings) >= 9
    # Index 0 is page 1, a right-hand page: right-hand pages have even indices.
    assert all(index % 2 == 0 for index in openings), openings


def test_blank_pages_are_truly_blank(pages):
    blank = [index for index, page in enumerate(pages) if not page.strip()]
    assert blank, "a book with parts needs some blank left pages"
    assert all(index % 2 == 1 for index in blank)  # only left-hand pages are left blank


def test_running_heads_book_title_left_chapter_title_right(pages, folios):
    title = "Các chương trình, đề án, kế hoạch thực hiện Nghị quyết Đại hội"
    body = [i for i, folio in enumerate(folios) if folio.isdigit()]
    lefts = [
        pages[i].strip().splitlines()[0].strip() for i in body if i % 2 == 1 and pages[i].strip()
    ]
    assert lefts and all(head == title for head in lefts), set(lefts) - {title}
    rights = [
        pages[i].strip().splitlines()[0].strip() for i in body if i % 2 == 0 and pages[i].strip()
    ]
    chapter_heads = [head for head in rights if re.match(r"^\d+\. \w", head)]
    assert len(chapter_heads) > 10
    assert "2. Chương trình chuyển đổi số" in chapter_heads


def test_cross_references_give_the_page(pages):
    text = running_text(pages)
    assert re.search(r"Hình \d+\.\d+, trang \d+", text)
    assert re.search(r"Bảng \d+\.\d+, trang \d+", text)


def test_document_numbers_and_dates_never_break(pages, sample_book: Path):
    lines = "\n".join(" ".join(line.split()) for page in pages for line in page.splitlines())
    sources = " ".join(
        p.read_text(encoding="utf-8") for p in (sample_book / "chapters").glob("*.md")
    )
    symbols = set(re.findall(r"\b\d+(?:/\d{4})?[/-][A-ZĐ][\wĐđ]*(?:[/-][A-ZĐ][\wĐđ]*)+", sources))
    dates = set(re.findall(r"\b\d{1,2}/\d{1,2}/\d{4}\b", sources))
    assert len(symbols) > 10 and len(dates) > 3
    for item in symbols | dates:
        assert item in lines, f"{item} is broken across lines or missing"


def test_nothing_overflows_the_text_block(published):
    """Walk WeasyPrint's rendered boxes: every box stays inside its page's content area."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from book.pdf.overflow import overflowing_boxes

    work = published["pdf"].parent.parent / ".work" / "pdf"
    font_config = FontConfiguration()
    document = weasyprint.HTML(filename=str(work / "print.html")).render(
        stylesheets=[weasyprint.CSS(filename=str(work / "_static" / "print.css"),
                                    font_config=font_config)],
        font_config=font_config,
    )  # fmt: skip
    assert len(document.pages) > 50
    assert overflowing_boxes(document) == []


def test_proof_sheets(published, tmp_path):
    from book.pdf.proof import make_proof

    work = published["pdf"].parent.parent / ".work" / "pdf"
    written = make_proof(published["pdf"], work / "print.html", tmp_path, resolution=40)
    names = {path.name for path in written}
    assert {"muc-luc.png", "mo-dau-chuong.png", "chu-thich.png", "bang-dai.png"} <= names
    assert "tong-hop.png" in names and all(path.stat().st_size > 1000 for path in written)


def test_title_page_is_centred(published: dict[str, Path]):
    layout = tool("pdftotext", "-f", "3", "-l", "3", "-bbox-layout", str(published["pdf"]), "-")
    width = float(re.search(r'<page width="([\d.]+)"', layout)[1])
    lines = re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', layout)
    assert len(lines) >= 4  # authors, title, subtitle, imprint (iii is the title page)
    for left, right in lines:
        assert abs((float(left) + float(right)) / 2 - width / 2) < width * 0.03, (left, right)
