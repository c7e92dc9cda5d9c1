"""The print edition is its print document laid out whole by plain WeasyPrint.

See tests/pdf/reference.py for what is compared and what is left aside.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from book import press
from tests.conftest import ROOT, SOURCE_DATE_EPOCH, copy_book
from tests.pdf.reference import differences


def test_the_sample(published: dict[str, Path], sample_book: Path, tmp_path: Path):
    work = sample_book / "build/.work/pdf"
    assert differences(published["pdf"], work, tmp_path) == []


def test_a_real_book(real_book: dict[str, Path], tmp_path: Path):
    work = real_book["book"] / "build/.work/pdf"
    assert differences(real_book["pdf"], work, tmp_path) == []


CHAPTER = "chapters/02-chuyen-doi-so.md"
NEW_CHAPTER = "99-chuong-them.md"


def _typo(book: Path) -> None:
    path = book / CHAPTER
    path.write_text(path.read_text("utf-8").replace("chuyển đổi số", "chuyển  đổi số", 1), "utf-8")


def _paragraph(book: Path) -> None:
    with (book / CHAPTER).open("a", encoding="utf-8") as text:
        added = "\n\nĐoạn văn thêm khi biên tập: các chi bộ thảo luận, thống nhất cách làm.\n"
        text.write(added * 6)


def _contents(book: Path) -> Path:
    return book / "chapters/index.md"


def _add_chapter(book: Path) -> None:
    (book / "chapters" / NEW_CHAPTER).write_text(
        "# Chương thêm\n\nNội dung chương thêm, có tham chiếu tới {ref}`ch-chuyen-doi-so`.\n",
        "utf-8",
    )
    index = _contents(book).read_text("utf-8")
    first_toctree_entry = "02-chuyen-doi-so\n"
    assert first_toctree_entry in index
    index = index.replace(first_toctree_entry, first_toctree_entry + NEW_CHAPTER[:-3] + "\n", 1)
    _contents(book).write_text(index, "utf-8")


def _remove_chapter(book: Path) -> None:
    (book / "chapters" / NEW_CHAPTER).unlink()
    index = _contents(book).read_text("utf-8").replace(NEW_CHAPTER[:-3] + "\n", "", 1)
    _contents(book).write_text(index, "utf-8")


def _retitle(book: Path) -> None:
    path = book / CHAPTER
    text = path.read_text("utf-8")
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    path.write_text(text.replace(heading, heading + " (bản sửa)", 1), "utf-8")


EDITS = {
    "typo": _typo,
    "paragraph": _paragraph,
    "chapter added": _add_chapter,
    "chapter removed": _remove_chapter,
    "title changed": _retitle,
}


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    book = copy_book(ROOT, tmp_path_factory.mktemp("edited"))
    press.build(book, ["pdf"], status=None)
    return book


@pytest.mark.parametrize("edit", list(EDITS))  # in order: each builds on the one before
def test_after_each_edit_of_a_sequence(edit: str, edited: Path, tmp_path: Path):
    EDITS[edit](edited)
    pdf = press.build(edited, ["pdf"], status=None)["pdf"]
    assert differences(pdf, edited / "build/.work/pdf", tmp_path) == []
