"""The print edition spells out an abbreviation's first use without rewriting the author."""

from __future__ import annotations

from pathlib import Path

import pytest

from book import press
from tests.conftest import tool, write_book

INDEX = (
    "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\nhai\nba\nbon\n```\n\n"
    "```{toctree}\n:caption: Phụ lục\n\nphu-luc\n```\n"
)
TABLE = """# Chữ viết tắt

```{list-table} Chữ viết tắt
:name: tbl-chu-viet-tat
:header-rows: 1

* - Chữ viết tắt
  - Nghĩa đầy đủ
* - GDP
  - Tổng sản phẩm trong nước
* - OCOP
  - Chương trình Mỗi xã một sản phẩm
* - UBND
  - Ủy ban nhân dân
```
"""
CHAPTERS = {
    "index.md": INDEX,
    "phu-luc.md": TABLE,
    # The author gave the meaning, in lower case, before the abbreviation.
    "mot.md": "# Chương một\n\nTốc độ tăng trưởng tổng sản phẩm trong nước (GDP) bình quân.\n\n"
    "GDP bình quân đầu người tăng.\n",
    # Inside a name: "sản phẩm OCOP".
    "hai.md": "# Chương hai\n\nGiới thiệu sản phẩm OCOP trên sàn thương mại điện tử.\n",
    # After a function word, inside a sentence: spelled out in lower case.
    "ba.md": "# Chương ba\n\nTỷ trọng kinh tế số trong GDP tăng nhanh.\n",
    # A heading keeps its words; a body's name keeps its capital.
    "bon.md": "# Vai trò của UBND\n\nNhiệm vụ giao cho UBND thành phố.\n",
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> str:
    book = write_book(tmp_path_factory.mktemp("abbr"), CHAPTERS)
    pdf = press.build(book, ["pdf"], status=None)["pdf"]
    return " ".join(tool("pdftotext", str(pdf), "-").split())


def test_the_authors_own_expansion_is_not_repeated(printed: str):
    assert "tăng trưởng tổng sản phẩm trong nước (GDP) bình quân" in printed
    assert "(tổng sản phẩm trong nước" not in printed.casefold()
    assert "GDP bình quân đầu người" in printed


def test_an_abbreviation_inside_a_name_is_left_as_written(printed: str):
    assert "Giới thiệu sản phẩm OCOP trên sàn" in printed
    assert "Mỗi xã một sản phẩm" not in printed.split("Chương hai", 1)[1].split("Chữ viết tắt")[0]


def test_a_first_use_inside_a_sentence_is_spelled_out_in_lower_case(printed: str):
    assert "trong tổng sản phẩm trong nước (GDP) tăng nhanh" in printed


def test_headings_keep_their_words_and_bodies_their_capital(printed: str):
    assert "Vai trò của UBND" in printed
    assert "giao cho Ủy ban nhân dân (UBND) thành phố" in printed


def test_spelling_out_can_be_switched_off(tmp_path: Path):
    book = write_book(tmp_path, CHAPTERS, "book_abbreviations_spell_out = False\n")
    pdf = press.build(book, ["pdf"], status=None)["pdf"]
    text = " ".join(tool("pdftotext", str(pdf), "-").split())
    assert "Tỷ trọng kinh tế số trong GDP tăng nhanh" in text
    assert "giao cho UBND thành phố" in text
