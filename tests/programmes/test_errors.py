"""A wrong card fails the build with the file, the line and what to correct."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from book import press
from tests.conftest import write_book

INDEX = "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nx\ny\n```\n"
GOOD = """\
:loai: kế hoạch
:so-ky-hieu: 15-CTr/TU
:ngay-ban-hanh: 05/03/2021
:co-quan-ban-hanh: Thành ủy
:cap: Thành phố
:linh-vuc: Kinh tế
:chu-tri: Văn phòng Thành ủy
:thoi-gian: 2021–2025
"""


def failure(directory: Path, x: str, y: str = "# Y\n") -> list[str]:
    book = write_book(directory, {"index.md": INDEX, "x.md": x, "y.md": y})
    with pytest.raises(press.BuildFailed) as error:
        press.build(book, ["html"], status=None)
    return [line.strip() for line in str(error.value).splitlines()]


def test_each_wrong_field_named_at_the_card_line(tmp_path: Path):
    card = (
        GOOD.replace("15-CTr/TU", "12/KH/UBND")
        .replace("05/03/2021", "31/02/2021")
        .replace(":chu-tri: Văn phòng Thành ủy\n", "")
        .replace("2021–2025", "năm 2021")
    )
    lines = failure(tmp_path, f"# X\n\nĐoạn mở đầu.\n\n```{{programme}} Kế hoạch A\n{card}```\n")
    at_card = [line for line in lines if line.startswith("chapters/x.md:5: ")]
    assert len(at_card) == 4, lines
    assert any("thiếu trường bắt buộc “:chu-tri:”" in line for line in at_card)
    assert any("“12/KH/UBND” không đúng thể thức" in line for line in at_card)
    assert any("ngày “31/02/2021” không có trong lịch" in line for line in at_card)
    assert any("thời gian thực hiện “năm 2021”" in line for line in at_card)


def test_malformed_date_and_unknown_level(tmp_path: Path):
    card = GOOD.replace("05/03/2021", "5 tháng 3 năm 2021").replace("Thành phố", "Xã")
    lines = failure(tmp_path, f"# X\n\n```{{programme}} Kế hoạch A\n{card}```\n")
    date = re.compile(r"chapters/x.md:3: ngày “5 tháng 3 năm 2021”.*dd/mm/yyyy")
    assert any(date.match(line) for line in lines)
    assert any(line.startswith("chapters/x.md:3: cấp “Xã” không có") for line in lines)


def test_symbol_registered_twice_reported_at_both_places(tmp_path: Path):
    lines = failure(
        tmp_path,
        f"# X\n\n```{{programme}} Kế hoạch A\n{GOOD}```\n",
        f"# Y\n\nMột đoạn.\n\n```{{programme}} Kế hoạch A, bản khác\n{GOOD}```\n",
    )
    assert "chapters/x.md:3: số, ký hiệu 15-CTr/TU được đăng ký hai lần: ở đây và ở " \
        "chapters/y.md:5" in lines  # fmt: skip
    assert "chapters/y.md:5: số, ký hiệu 15-CTr/TU được đăng ký hai lần: ở đây và ở " \
        "chapters/x.md:3" in lines  # fmt: skip


def test_implements_must_name_a_registered_resolution(tmp_path: Path):
    resolution = (
        "```{programme} Nghị quyết chuyên đề\n"
        + GOOD.replace("kế hoạch", "nghị quyết").replace("15-CTr/TU", "05-NQ/TU")
        + "```\n"
    )
    implementing = GOOD.replace("15-CTr", "16-CTr") + ":thuc-hien: 05-NQ/TU; 06-NQ/TU\n"
    lines = failure(
        tmp_path, f"# X\n\n{resolution}\n```{{programme}} Chương trình\n{implementing}```\n"
    )
    problems = [line for line in lines if line.startswith("chapters/")]
    assert len(problems) == 1, lines
    assert problems[0].startswith(
        "chapters/x.md:14: “:thuc-hien: 06-NQ/TU” không trỏ tới nghị quyết nào đã đăng ký"
    )
    assert "book_resolutions ở conf.py" in problems[0]


def test_unknown_index_named(tmp_path: Path):
    lines = failure(tmp_path, "# X\n\n```{programme-index} tinh\n```\n")
    assert any(line.startswith("chapters/x.md:3: {programme-index} tinh") for line in lines)
