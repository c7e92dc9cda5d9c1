"""Vietnamese alphabetical order (CLDR vi), syllable by syllable."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from book.vietnamese.collation import sort_key, sorted_vietnamese

ROOT = Path(__file__).resolve().parents[2]
# Sorted by hand, as a Vietnamese dictionary orders them.
HAND_SORTED = [
    "a",
    "à",
    "ả",
    "ã",
    "á",
    "ạ",
    "an ninh",
    "ăn ở",
    "ấn định",
    "ba",
    "Ba",
    "ba ơi",
    "bà",
    "bà nội",
    "bạc",
    "cá",
    "chỉ thị",
    "chính quyền số",
    "chuyển đổi số",
    "chương trình",
    "da",
    "dân vận",
    "đa",
    "Đảng",
    "đề án",
    "đột phá",
    "e",
    "ê",
    "giáo dục",
    "hệ thống",
    "o",
    "ô",
    "ơ",
    "thành ủy",
    "tỉnh ủy",
    "u",
    "uống",
    "ủy ban",
    "ư",
    "ưu tiên",
    "y tế",
]


def test_hand_sorted_list() -> None:
    shuffled = HAND_SORTED.copy()
    random.Random(2020).shuffle(shuffled)
    assert sorted_vietnamese(shuffled) == HAND_SORTED


@pytest.mark.parametrize("letters", ["aăâ", "dđ", "eê", "oôơ", "uư"], ids=["a", "d", "e", "o", "u"])
def test_letter_order(letters: str) -> None:
    assert sorted_vietnamese(reversed(letters)) == list(letters)


def test_tone_order_none_huyen_hoi_nga_sac_nang() -> None:
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted_vietnamese(reversed(tones)) == tones


def test_entries_group_by_their_first_syllable() -> None:
    # Whole-string comparison would put "bà nội" before "ba ơi" (n < ơ).
    assert sort_key("ba ơi") < sort_key("bà nội")
    assert sorted_vietnamese(["Chương trình hành động", "Chỉ thị", "Chính quyền số"]) == [
        "Chỉ thị",
        "Chính quyền số",
        "Chương trình hành động",
    ]


def test_key_function_sorts_objects() -> None:
    rows = [("TƯ", 1), ("TU", 2), ("BCH", 3), ("BCĐ", 4)]
    assert sorted_vietnamese(rows, key=lambda row: row[0]) == [
        ("BCĐ", 4),
        ("BCH", 3),
        ("TU", 2),
        ("TƯ", 1),
    ]


def test_the_handbook_glossary_is_in_vietnamese_order() -> None:
    text = (ROOT / "chapters" / "91-thuat-ngu.md").read_text(encoding="utf-8")
    glossary = text.split("```{glossary}")[1].split("```")[0]
    terms = [line for line in glossary.splitlines() if line and not line.startswith((" ", ":"))]
    assert len(terms) > 10
    assert terms == sorted_vietnamese(terms)


def test_the_handbook_abbreviations_are_in_vietnamese_order() -> None:
    text = (ROOT / "chapters" / "90-chu-viet-tat.md").read_text(encoding="utf-8")
    abbreviations = re.findall(r"^\* - (.+)$", text, re.M)[1:]  # after the header row
    assert len(abbreviations) > 20
    assert abbreviations == sorted_vietnamese(abbreviations)
