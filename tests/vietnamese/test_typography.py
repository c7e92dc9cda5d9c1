"""Vietnamese typography: spacing rules, and the switch that turns it all off."""

from __future__ import annotations

from pathlib import Path

import pytest

from book import press
from book.vietnamese.typography import tidy_spacing
from tests.conftest import write_book


@pytest.mark.parametrize(
    ("typed", "tidied"),
    [
        ("độc lập , tự do .", "độc lập, tự do."),
        ("Vì sao ? Vì thế !", "Vì sao? Vì thế!"),
        ("gồm : a ; b", "gồm: a; b"),
        ("( xem mục 2 )", "(xem mục 2)"),
        ("“trích dẫn” .", "“trích dẫn”."),
        ("tăng .5 điểm", "tăng .5 điểm"),  # a decimal, not the end of a clause
        ("các đoàn thể … nâng cao", "các đoàn thể … nâng cao"),  # omitted words
        ("đã đúng, không đổi.", "đã đúng, không đổi."),
    ],
)
def test_spaces_before_punctuation(typed: str, tidied: str) -> None:
    assert tidy_spacing(typed) == tidied


def test_typography_can_be_turned_off(tmp_path: Path) -> None:
    chapter = '# Chương\n\nÔng nói: "Tự do" -- độc lập , hạnh phúc .\n'
    index = "# Sách\n\n```{toctree}\nchuong\n```\n"
    book = write_book(
        tmp_path, {"index.md": index, "chuong.md": chapter}, conf="book_typography = False\n"
    )
    published = press.build(book, ["html"], status=None)
    page = (published["html"] / "chuong.html").read_text(encoding="utf-8")
    assert "Ông nói: &quot;Tự do&quot; -- độc lập , hạnh phúc .</p>" in page
