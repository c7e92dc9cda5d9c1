"""What ``./press check`` reads in a finished print edition, beyond what its build reports.

The build itself fails on ink outside the text block, drawings whose text does
not read back, figures it cannot publish and WeasyPrint's messages that mean a
loss (book.pdf.builder). Here, the file as a printing house and a reader get
it: every font embedded, and no page that is blank but for its running head
and folio (a chapter that ran over by a line of white space, a break forced
twice), which the press never makes on purpose (its own blank pages carry
nothing).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


@dataclass(frozen=True)
class PrintProblem:
    chapter: str  # its docname, "" when the problem is the file's
    message: str


def fonts_not_embedded(pdf: Path) -> list[PrintProblem]:
    """Each font the PDF uses without carrying it."""
    import pikepdf

    from book.pdf.merge import resource_dictionaries

    missing: dict[str, None] = {}
    with pikepdf.open(pdf) as document:
        for resources in resource_dictionaries(document):
            for font in (resources.get("/Font") or {}).values():
                descriptor = _descriptor(font)
                if descriptor is None or not any(key in descriptor for key in FONT_FILES):
                    missing[str(font.get("/BaseFont", "?"))] = None
    return [
        PrintProblem(
            "",
            f"phông {name.lstrip('/')} không được nhúng vào bản PDF: nhà in sẽ thay bằng "
            "phông khác. Chỉ dùng phông của sách (book_fonts, book_fallback_fonts trong conf.py).",
        )
        for name in missing
    ]


def _descriptor(font):
    if "/FontDescriptor" in font:
        return font.FontDescriptor
    descendants = font.get("/DescendantFonts")
    return descendants[0].get("/FontDescriptor") if descendants else None


def nearly_blank_pages(pdf: Path, page_map: Path) -> list[PrintProblem]:
    """Pages that print a running head or a folio and nothing else.

    A running head is a line that stands on several pages; a folio, a number.
    """
    import pypdfium2

    labels = _labels(pdf)
    chapters = _chapter_of_each_page(labels, page_map)
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = [
            (
                [" ".join(line.split()) for line in text.splitlines() if line.strip()],
                _text_only(page),
            )
            for page in document
            for text in [page.get_textpage().get_text_range()]
        ]
    finally:
        document.close()
    seen = Counter(line for lines, _ in pages for line in set(lines))
    problems = []
    for index, (lines, text_only) in enumerate(pages):
        chapter = chapters[index] if index < len(chapters) else ""
        if not chapter or not lines or not text_only:
            # Before any chapter (the title pages print the title alone), a blank page
            # of the press's own, or one that shows something.
            continue
        if all(seen[line] > 1 or line.isdigit() or _roman(line) for line in lines):
            label = labels[index] if index < len(labels) else str(index + 1)
            problems.append(
                PrintProblem(
                    chapter,
                    f"trang {label} của bản in trống, chỉ có đầu trang hoặc số trang: "
                    "thường do dòng trống hay ngắt trang thừa ở cuối chương; hãy xoá chúng.",
                )
            )
    return problems


def _lines(page) -> list[str]:
    text = page.get_textpage().get_text_range()
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _text_only(page) -> bool:
    return all(item.type == 1 for item in page.get_objects())  # 1: pdfium's text object


def _roman(text: str) -> bool:
    return bool(text) and set(text) <= set("ivxlcdm")


def _labels(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return list(PdfReader(pdf).page_labels)


def _chapter_of_each_page(labels: list[str], page_map: Path) -> list[str]:
    """The chapter each page belongs to: the last one that started a block on or before it."""
    try:
        starts = json.loads(page_map.read_text(encoding="utf-8"))["pages"]
    except (OSError, ValueError, KeyError):
        starts = []
    by_label = {start["label"]: start["docname"] for start in starts}
    chapters, current = [], ""
    for label in labels:
        current = by_label.get(label, current)
        chapters.append(current)
    return chapters
