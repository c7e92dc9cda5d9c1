"""A small Vietnamese book built once in all three editions for the text tests."""

from __future__ import annotations

import io
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from book import press
from tests.conftest import SOURCE_DATE_EPOCH, write_book

INDEX = """# Sổ tay thử

```{toctree}
:caption: Phần I. Nội dung
:numbered: 1

chuong
tu-ngu
```

```{toctree}
:caption: Phụ lục

phu-luc
```
"""
# Typed the way editors' files arrive: decomposed (tổ hợp), with a BOM and CRLF.
CHAPTER = """# Chương trình hành động

Cộng hòa xã hội chủ nghĩa Việt Nam. Thủ tướng Chính phủ chỉ đạo Ủy ban nhân dân tỉnh.

Ông nói: "Đẩy mạnh chuyển đổi số" và 'quán triệt' nghị quyết -- nhiệm kỳ
2020--2025 , theo kế hoạch .

UBND thành phố phối hợp với HĐND; UBND tỉnh giao nhiệm vụ. Văn bản 05-NQ/TU và 50/NQ-CP.

`mã "nguyên văn" -- , giữ nguyên`
"""
GLOSSARY = """# Thuật ngữ

```{glossary}
:sorted:

Ưu tiên
  Định nghĩa.

Đề án
  Định nghĩa.

Dân vận
  Định nghĩa.

Ủy ban
  Định nghĩa.

Uống
  Định nghĩa.

Ăn ở
  Định nghĩa.

An ninh
  Định nghĩa.

Ba ơi
  Định nghĩa.

Bà nội
  Định nghĩa.

Ấn định
  Định nghĩa.
```
"""
# Hand-sorted in the order of the Vietnamese alphabet, syllable by syllable.
GLOSSARY_ORDER = [
    "An ninh",
    "Ăn ở",
    "Ấn định",
    "Ba ơi",
    "Bà nội",
    "Dân vận",
    "Đề án",
    "Uống",
    "Ủy ban",
    "Ưu tiên",
]
ABBREVIATIONS = """# Chữ viết tắt

```{list-table} Chữ viết tắt
:name: tbl-chu-viet-tat
:header-rows: 1

* - Chữ viết tắt
  - Nghĩa đầy đủ
* - UBND
  - Ủy ban nhân dân
* - TƯ/TW
  - Trung ương
* - HĐND
  - Hội đồng nhân dân
* - TU
  - Tỉnh ủy
* - NQ
  - Nghị quyết
* - BCĐ
  - Ban Chỉ đạo
* - BCH
  - Ban Chấp hành
```
"""
ABBREVIATION_ORDER = ["BCĐ", "BCH", "HĐND", "NQ", "TU", "TƯ/TW", "UBND"]


@dataclass
class Built:
    editions: dict[str, Path]
    status: str


def _crlf_bom_nfd(text: str) -> bytes:
    return b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).replace("\n", "\r\n").encode()


@pytest.fixture(scope="session")
def vietnamese_book(tmp_path_factory: pytest.TempPathFactory) -> Built:
    directory = write_book(
        tmp_path_factory.mktemp("vietnamese"),
        {"index.md": INDEX, "tu-ngu.md": GLOSSARY, "phu-luc.md": ABBREVIATIONS},
    )
    (directory / "chapters" / "chuong.md").write_bytes(_crlf_bom_nfd(CHAPTER))
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    status = io.StringIO()
    editions = press.build(directory, status=status)
    return Built(editions, status.getvalue())
