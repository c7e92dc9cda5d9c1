"""``invoke new-chapter``: a chapter file from the template, in its place in the contents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from book import press
from book.chapters import ChapterError, new_chapter
from tests.conftest import ROOT, copy_book


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return copy_book(ROOT, tmp_path / "book")


def entries(book: Path) -> list[str]:
    lines = (book / "chapters" / "index.md").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if re.fullmatch(r"\d{2}-[a-z0-9-]+", line)]


def test_chapter_at_the_end_of_the_last_part_takes_the_next_number(book: Path):
    before = entries(book)
    result = new_chapter(book, "Chuyển đổi số trong công tác Đảng", 3)
    assert result.path == book / "chapters" / "07-chuyen-doi-so-trong-cong-tac-dang.md"
    assert result.renamed == []
    text = result.path.read_text(encoding="utf-8")
    assert text.startswith("(ch-chuyen-doi-so-trong-cong-tac-dang)=\n# Chuyển đổi số trong")
    after = entries(book)
    position = after.index("07-chuyen-doi-so-trong-cong-tac-dang")
    assert after[position - 1] == "06-de-an-ke-hoach-thanh-pho"  # end of Phần III
    assert after[position + 1] == "90-chu-viet-tat"  # before the appendices
    assert [e for e in after if e != after[position]] == before


def test_chapter_in_an_earlier_part_moves_the_later_chapters_up(book: Path):
    result = new_chapter(book, "Tự do, dân chủ", 1)
    assert result.path.name == "03-tu-do-dan-chu.md"
    assert result.renamed[0] == (
        "03-nghi-quyet-dai-hoi-tinh-xvii",
        "04-nghi-quyet-dai-hoi-tinh-xvii",
    )
    assert result.renamed[-1] == ("06-de-an-ke-hoach-thanh-pho", "07-de-an-ke-hoach-thanh-pho")
    names = sorted(p.stem for p in (book / "chapters").glob("[0-9]*.md"))
    assert entries(book) == names  # file order is still reading order
    assert entries(book)[3] == "03-tu-do-dan-chu"  # after 00, 01, 02
    site = press.build(book, ["html"], status=None)["html"]
    page = (site / "03-tu-do-dan-chu.html").read_text(encoding="utf-8")
    assert '<span class="section-number">3. </span>Tự do, dân chủ' in page


@pytest.mark.parametrize(
    "title, part, message",
    [("Chương mới", 4, "Không có Phần 4"), ("  ", 1, "Tiêu đề chương trống"),
     ("Chuyển đổi số", 1, "Đã có chương")],
)  # fmt: skip
def test_mistakes_are_explained(book: Path, title: str, part: int, message: str):
    before = (book / "chapters" / "index.md").read_text(encoding="utf-8")
    with pytest.raises(ChapterError, match=message):
        new_chapter(book, title, part)
    assert (book / "chapters" / "index.md").read_text(encoding="utf-8") == before
