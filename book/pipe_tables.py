"""Pipe-table rows with more or fewer cells than the table's header.

Markdown drops a cell beyond the header's count without a word, and leaves a
missing one blank: a figure typed in one column too many disappears from
every edition. Each such row is reported at its line. Code fences are not
looked into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DELIMITER = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})")


@dataclass(frozen=True)
class RowMismatch:
    line: int  # 1-based
    cells: int
    expected: int

    def message(self) -> str:
        more = self.cells > self.expected
        what = "ô thừa sẽ bị bỏ mất khi xuất bản" if more else "ô thiếu sẽ để trống"
        return (
            f"hàng này của bảng có {self.cells} ô, dòng tiêu đề có {self.expected} ô ({what}): "
            "sửa cho mọi hàng có cùng số ô (một dấu | giữa hai ô; \\| để viết dấu | trong ô)."
        )


def cells(line: str) -> int:
    """The cells of a pipe-table row, as markdown-it counts them: only ``\\|`` does not
    split one (a ``|`` inside a code span does)."""
    text = line.strip().replace("\\|", "")
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return text.count("|") + 1


def mismatched_rows(text: str) -> list[RowMismatch]:
    lines = text.splitlines()
    found = []
    fence = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = _FENCE.match(line)
        if fence:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = ""
        elif opening:
            fence = opening[1]
        elif (
            "|" in line
            and index + 1 < len(lines)
            and _DELIMITER.match(lines[index + 1])
            and "|" in lines[index + 1]
        ):
            expected = cells(line)
            index += 2
            while index < len(lines) and "|" in lines[index] and lines[index].strip():
                count = cells(lines[index])
                if count != expected:
                    found.append(RowMismatch(index + 1, count, expected))
                index += 1
            continue
        index += 1
    return found
