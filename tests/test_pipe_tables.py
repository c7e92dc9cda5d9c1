"""Pipe-table rows with more or fewer cells than their header (book.pipe_tables)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from book import press
from book.pipe_tables import cells, mismatched_rows
from tests.conftest import write_book

TABLE = """Bảng chỉ tiêu:

| Lĩnh vực | Chỉ tiêu | Mức phấn đấu |
|---|---|---|
| Kinh tế | Tăng trưởng | 6,5 % |
| Xã hội | Lao động qua đào tạo | 70 % | 75 % |
| Môi trường | Che phủ rừng |

```
| a | b |
|---|---|
| trong khối mã | không | phải bảng |
```
"""


def test_rows_that_differ_from_the_header_are_found_at_their_lines():
    found = mismatched_rows(TABLE)
    assert [(row.line, row.cells, row.expected) for row in found] == [(6, 4, 3), (7, 2, 3)]
    assert "bị bỏ mất" in found[0].message() and "để trống" in found[1].message()


@pytest.mark.parametrize(
    "row", ["| a \\| b | c |", "| `x|y` | c |", "a | b | c", "| a | b | c |", "|a|b|"]
)
def test_cells_are_counted_as_markdown_it_splits_them(row: str):
    header = "| " + " | ".join(str(n) for n in range(cells(row))) + " |"
    rendered = (
        MarkdownIt("commonmark")
        .enable("table")
        .render(f"{header}\n|{'---|' * cells(row)}\n{row}\n")
    )
    body = rendered.split("<tbody>")[1]
    assert body.count("<td") == cells(row)


def test_the_build_stops_at_the_row(tmp_path: Path):
    book = write_book(
        tmp_path,
        {
            "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\n```\n",
            "mot.md": "# Chương một\n\n" + TABLE,
        },
    )
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["html"], status=None)
    assert "chapters/mot.md:8" in str(failure.value) and "chapters/mot.md:9" in str(failure.value)
