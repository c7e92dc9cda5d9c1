"""``invoke stats``: per-chapter words, figures, tables and print pages."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from book.stats import chapter_stats, table
from tests.conftest import write_book

CHAPTERS = {
    "index.md": (
        "# Sách thử\n\n```{toctree}\n:caption: Phần I. Thử\n:numbered:\n\n01-mot\n02-hai\n```\n"
    ),
    "01-mot.md": (
        "# Chuyển đổi số\n\nNăm chữ trong câu này.\n\n% một ghi chú không được đếm\n\n"
        "| Cột | Hai |\n| --- | --- |\n| a | b |\n"
    ),
    "02-hai.md": "# Hai\n\nBa chữ nữa.\n",
}


def test_counts_what_the_reader_sees(tmp_path: Path):
    stats = chapter_stats(write_book(tmp_path, CHAPTERS))
    assert [s.title for s in stats] == ["1. Chuyển đổi số", "2. Hai"]
    # 3 (title) + 5 (sentence) + 4 (table cells); the comment is not counted
    assert [s.words for s in stats] == [12, 4]
    assert [(s.figures, s.tables) for s in stats] == [(0, 1), (0, 0)]
    assert [s.pages for s in stats] == [None, None]  # no PDF published yet
    lines = table(stats).splitlines()
    assert lines[0].split() == ["Chương", "Số", "chữ", "Hình", "Bảng", "Trang", "in"]
    assert lines[2].split() == ["1.", "Chuyển", "đổi", "số", "12", "0", "1", "–"]
    assert lines[-1].split() == ["Cộng", "16", "0", "1", "–"]


def test_print_pages_from_the_published_pdf(published: dict[str, Path], sample_book: Path):
    stats = {s.docname: s for s in chapter_stats(sample_book)}
    order = list(stats)
    chapters = sorted(p.stem for p in (sample_book / "chapters").glob("[0-9]*.md"))
    assert order == chapters  # every chapter, in reading order (the file names carry it)
    chapter = stats["01-nghi-quyet-dai-hoi-xiii"]
    assert (chapter.figures, chapter.tables) == (1, 1) and chapter.words > 1000
    pages = [s.pages for s in stats.values()]
    assert all(p and p > 0 for p in pages)
    total = len(PdfReader(published["pdf"]).pages)
    assert sum(pages) < total  # the cover, title pages, contents and part pages are not chapters
    assert table(list(stats.values())).splitlines()[-1].split()[-1] == str(sum(pages))
