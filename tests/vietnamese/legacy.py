"""Encoders for test fixtures: the bytes a 2009 office file would hold.

Independent of ``book.vietnamese.convert``: TCVN3 through glibc's iconv,
Windows-1258 through Python's codec, VNI and VIQR from the layouts' charts.
"""

from __future__ import annotations

import subprocess
import unicodedata

LOWER = "aàảãáạăằẳẵắặâầẩẫấậđeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ"
# Every non-ASCII letter of Vietnamese, both cases: 134 letters (đ and Đ among them).
LETTERS = [char for char in LOWER + LOWER.upper() if not char.isascii()]
TONES = {"\u0300": "`", "\u0301": "'", "\u0309": "?", "\u0303": "~", "\u0323": "."}


def tcvn3(text: str) -> bytes:
    result = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", "TCVN5712-1//TRANSLIT"],
        input=text.encode(),
        capture_output=True,
        check=True,
    )
    return result.stdout


def split_tone(letter: str) -> tuple[str, str]:
    """(letter without its tone, NFC; the combining tone or "")."""
    decomposed = unicodedata.normalize("NFD", letter)
    tone = "".join(char for char in decomposed if char in TONES)
    rest = "".join(char for char in decomposed if char not in TONES)
    return unicodedata.normalize("NFC", rest), tone


def windows_1258(text: str) -> bytes:
    """As Word saved it: precomposed where the code page has the letter, else base + tone."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, tone = split_tone(char)
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


def viqr(letter: str) -> str:
    """RFC 1456 spelling of one letter."""
    if letter in "đĐ":
        return "dd" if letter == "đ" else "DD"
    base, tone = split_tone(letter)
    decomposed = unicodedata.normalize("NFD", base)
    quality = {"\u0306": "(", "\u0302": "^", "\u031b": "+"}.get(decomposed[1:], "")
    return decomposed[0] + quality + TONES.get(tone, "")
