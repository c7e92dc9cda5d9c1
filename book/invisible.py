"""Invisible characters pasted from Word or the web into a chapter.

A soft hyphen, a zero-width space or a word joiner shows nothing in an
editor, and then prints words run together ("chuyểnđổisố") or breaks a word
where no reader expects it. Each line that holds one is reported once, with
the characters by name and the word they sit in marked, so that the editor
can delete them or type the space that was meant. Non-breaking spaces and
tabs, which Word also pastes, are ordinary and not reported; a zero-width
joiner between two emoji (a family, a flag) is part of the emoji.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

NAMES = {
    "\u00ad": "gạch nối mềm",
    "\u200b": "khoảng trắng độ rộng 0",
    "\u200c": "ký tự không nối",
    "\u200d": "ký tự nối",
    "\u2060": "ký tự nối từ",
    "\ufeff": "dấu BOM giữa văn bản",
    "\u180e": "dấu cách Mông Cổ",
    "\u2061": "phép toán ẩn",
    "\u2062": "phép toán ẩn",
    "\u2063": "phép toán ẩn",
    "\u2064": "phép toán ẩn",
}


@dataclass(frozen=True)
class InvisibleLine:
    line: int  # 1-based
    found: Counter  # character -> how many times
    excerpt: str  # the first word that holds one, each invisible character shown as ⟨U+XXXX⟩

    def message(self) -> str:
        named = ", ".join(
            f"{NAMES[character]} U+{ord(character):04X} ×{count}"
            for character, count in sorted(self.found.items())
        )
        return (
            f"dòng này có ký tự ẩn ({named}) trong “{self.excerpt}”: chữ in ra sẽ dính liền "
            "hoặc bị ngắt sai. Xoá các ký tự này; nếu hai chữ phải cách nhau, gõ dấu cách."
        )


def invisible_lines(text: str) -> list[InvisibleLine]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        hits = Counter(
            character
            for index, character in enumerate(line)
            if character in NAMES and not _in_emoji(line, index)
        )
        if hits:
            found.append(InvisibleLine(number, hits, _excerpt(line)))
    return found


def _in_emoji(line: str, index: int) -> bool:
    if line[index] != "\u200d":
        return False
    around = [line[i] for i in (index - 1, index + 1) if 0 <= i < len(line)]
    return any(unicodedata.category(c) == "So" or ord(c) >= 0x1F000 for c in around)


def _excerpt(line: str) -> str:
    for word in line.split():
        if any(character in NAMES for character in word):
            return "".join(
                f"⟨U+{ord(c):04X}⟩" if c in NAMES else c for c in word.strip("*_`()[],.;:")
            )[:80]
    return ""
