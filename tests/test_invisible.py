"""Invisible characters pasted into a chapter are reported at their line (book.invisible)."""

from __future__ import annotations

from pathlib import Path

import pytest

from book import press
from book.invisible import invisible_lines
from tests.conftest import write_book


@pytest.mark.parametrize("character", ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_each_kind_inside_a_word_is_reported(character: str):
    found = invisible_lines(f"Dòng một.\nChuyển{character}đổi số.\n")
    assert [hidden.line for hidden in found] == [2]
    assert f"U+{ord(character):04X}" in found[0].message()
    assert f"Chuyển⟨U+{ord(character):04X}⟩đổi" in found[0].message()


def test_one_message_per_line_counts_them():
    (hidden,) = invisible_lines("ứng\u200bdụng, chuyển\u200bđổi, số\u00adhóa\n")
    assert "U+200B ×2" in hidden.message() and "U+00AD ×1" in hidden.message()


def test_what_word_pastes_that_is_ordinary_is_left_alone():
    assert (
        invisible_lines("Khoảng\u00a0trắng không ngắt,\tmột dấu tab, 👨\u200d👩\u200d👧.\n") == []
    )


def test_the_build_stops_at_the_line(tmp_path: Path):
    book = write_book(
        tmp_path,
        {
            "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
            "mot.md": "# Chương một\n\nĐoạn đúng.\n\nDán từ Word: chuyển\u00adđổi\u200bsố.\n",
        },
    )
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["pdf"], status=None)
    assert "chapters/mot.md:5" in str(failure.value) and "ký tự ẩn" in str(failure.value)
