"""The website rebuilt after an edit is the website a clean build makes of the same text."""

from __future__ import annotations

from pathlib import Path

import pytest

from book import press
from tests.conftest import SOURCE_DATE_EPOCH, copy_book, write_book

BOOK = {
    "index.md": "# Sổ tay\n\n```{toctree}\n:numbered:\n\nmot\nhai\nba\n```\n",
    "mot.md": "# Chương đầu\n\n## Mục đầu\n\nĐoạn văn của chương một.\n",
    "hai.md": "# Chương giữa\n\nĐoạn văn của chương hai.\n",
    "ba.md": "# Chương cuối\n\nĐoạn văn của chương ba.\n",
}


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)


def website(book: Path) -> Path:
    return press.build(book, ["html"], status=None)["html"]


def files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}  # fmt: skip


def edit(book: Path, name: str, old: str, new: str) -> None:
    path = book / "chapters" / name
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def test_a_typo_writes_only_its_chapter_again(tmp_path: Path):
    book = write_book(tmp_path, BOOK)
    site = website(book)
    before = (site / "hai.html").stat().st_mtime_ns
    edit(book, "mot.md", "Đoạn văn", "Đoạn văn bản")
    assert (website(book) / "hai.html").stat().st_mtime_ns == before


@pytest.mark.parametrize(
    "change, shown_in",
    [
        (("mot.md", "# Chương đầu", "# Chương mở đầu"), "ba.html"),  # every page's sidebar
        (("mot.md", "## Mục đầu", "## Mục thứ nhất"), "index.html"),  # the contents
    ],
)
def test_a_title_changed_reaches_every_page(tmp_path: Path, change: tuple, shown_in: str):
    book = write_book(tmp_path / "edited", BOOK)
    website(book)
    edit(book, *change)
    site = website(book)
    assert change[2].lstrip("# ") in (site / shown_in).read_text("utf-8")
    assert files(site) == files(website(copy_book(book, tmp_path / "clean")))


def test_a_chapter_taken_out_leaves_the_site(tmp_path: Path):
    book = write_book(tmp_path / "edited", BOOK)
    assert (website(book) / "ba.html").is_file()
    edit(book, "index.md", "hai\nba\n", "hai\n")
    (book / "chapters" / "ba.md").unlink()
    site = website(book)
    assert not (site / "ba.html").exists()
    assert files(site) == files(website(copy_book(book, tmp_path / "clean")))
