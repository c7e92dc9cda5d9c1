"""What a chapter file most likely is, when it is not clean UTF-8 Vietnamese.

Two cases reach the editors:

- the bytes are not UTF-8 at all: a file saved as Windows-1258, TCVN3 or VNI.
  Each candidate decoding is scored by how much of its non-ASCII text is
  Vietnamese letters; the best one is named.
- the bytes are UTF-8 but the text is mojibake: TCVN3 or VNI bytes that a
  program showed as Windows-1252 and saved again ("Ch­¬ng tr×nh",
  "Chöông trình"), or VIQR ("Vie^.t Nam"). Each encoding leaves sequences
  that Vietnamese text never has; a file is flagged only when it shows
  several of them, of at least two kinds, never for one odd character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from book.vietnamese import convert

NAMES = {
    convert.WINDOWS_1258: "Windows-1258 (CP1258)",
    convert.TCVN3: "TCVN3 (ABC, phông .VnTime)",
    convert.VNI: "VNI (VNI Windows, phông VNI-Times)",
    convert.VIQR: "VIQR (chữ Việt gõ dấu bằng ký tự ASCII)",
    convert.UTF8: "UTF-8 bị đọc nhầm thành Windows-1252 (kiểu “Chuyá»ƒn Ä‘á»•i”)",
}

_LOWER = "aàảãáạăằẳẵắặâầẩẫấậđeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ"
VIETNAMESE_LETTERS = frozenset(_LOWER + _LOWER.upper())

_CONTINUATION = "[" + re.escape("".join(convert.WINDOWS_1252[0x80:0xC0])) + "]"
# Sequences each encoding leaves in text shown as Windows-1252. Vietnamese
# written in Unicode has none of them: no letter is followed by ¬ or ­, no
# vowel by ø or ï, no "aâ" or "oâ". (TCVN3's È É Ê are left out: they are
# Vietnamese capitals too.)
MOJIBAKE: dict[str, re.Pattern[str]] = {
    convert.TCVN3: re.compile(
        r"[A-Za-z][\xa8-\xae\xb5-\xb9\xbb-\xbe\xc6\xc7\xcb\xd7]"
        r"|[\xa8-\xae\xb5-\xb9\xbb-\xbe\xc6\xc7\xcb\xd7][a-z]"
    ),
    convert.VNI: re.compile(
        r"[aeouyAEOUY][øûïØÛÏ]|[aeoAEO][âÂ]|[aA][êÊ]|[öÖ][aeiouyôÔøùûõïØÙÛÕÏ]|[öÖñÑ][a-z]"
    ),
    convert.VIQR: re.compile(r"[aeoAEO]\^|[ouOU]\+|[aA]\(|\b[dD][dD][aeiouy]"),
    # Lead bytes of Vietnamese letters in UTF-8 (Ã Ä Å Æ, and á º/» for the
    # toned ones), each followed by a continuation byte, shown as Windows-1252.
    convert.UTF8: re.compile(f"[ÃÄÅÆ]{_CONTINUATION}|á[º»]{_CONTINUATION}"),
}
_MIN_HITS, _MIN_KINDS = 3, 2


@dataclass(frozen=True)
class Finding:
    """A file that is not clean UTF-8 Vietnamese, and where it first shows."""

    encoding: str  # one of convert.ENCODINGS
    line: int  # 1-based
    mojibake: bool  # UTF-8 text of a legacy encoding, rather than legacy bytes
    preview: str  # the first offending line, converted from that encoding

    @property
    def name(self) -> str:
        return NAMES[self.encoding]


def examine(data: bytes) -> Finding | None:
    """What is wrong with a chapter file's bytes, or None when it is clean UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        encoding = guess_legacy(data)
        preview = convert.decode(data.splitlines()[line - 1], encoding)
        return Finding(encoding, line, mojibake=False, preview=preview.strip())
    return find_mojibake(text)


def guess_legacy(data: bytes) -> str:
    """The legacy encoding under which ``data`` reads most like Vietnamese."""
    scores = {
        encoding: _vietnamese_score(convert.decode(data, encoding))
        for encoding in (convert.WINDOWS_1258, convert.TCVN3, convert.VNI)
    }
    return max(scores, key=scores.__getitem__)


def could_be_pasted(line: str) -> bool:
    """Whether ``line`` can be legacy text read as Windows-1252: every character of it is.

    A line that holds a letter Windows-1252 has not (ư, ơ, đ, ạ, ố...) was typed in
    Unicode; a soft hyphen or "à" in it is the author's, not a legacy byte.
    """
    try:
        line.encode("cp1252")
    except UnicodeEncodeError:
        return all(cp1252_or_undefined(char) for char in line)
    return True


def cp1252_or_undefined(char: str) -> bool:
    """Whether ``char`` can be a legacy byte read as Windows-1252."""
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return "\x80" <= char <= "\x9f"  # the five bytes Windows-1252 leaves undefined
    return True


def improves(line: str, encoding: str) -> bool:
    """Whether the line reads more like Vietnamese converted from ``encoding`` than as it is."""
    return _vietnamese_score(convert.repair(line, encoding)) > _vietnamese_score(line)


def pasted_lines(text: str, encoding: str) -> list[tuple[int, re.Match]]:
    """(offset, hit) for each trace of ``encoding`` on a line that is legacy text."""
    pattern = MOJIBAKE[encoding]
    found, offset = [], 0
    for line in text.splitlines(keepends=True):
        hits = list(pattern.finditer(line))
        if hits and could_be_pasted(line) and improves(line, encoding):
            found += [(offset + hit.start(), hit) for hit in hits]
        offset += len(line)
    return found


def find_mojibake(text: str) -> Finding | None:
    """The legacy encoding whose traces ``text`` carries, if it carries several."""
    best: tuple[int, str, int] | None = None
    for encoding in MOJIBAKE:
        located = pasted_lines(text, encoding)
        hits = [hit for _, hit in located]
        kinds = {match[0] for match in hits}
        enough = len(hits) >= _MIN_HITS and len(kinds) >= _MIN_KINDS
        if enough and (best is None or len(hits) > best[0]):
            best = (len(hits), encoding, located[0][0])
    if best is None:
        return None
    _, encoding, start = best
    line = text.count("\n", 0, start) + 1
    preview = convert.repair(text.splitlines()[line - 1], encoding)
    return Finding(encoding, line, mojibake=True, preview=preview.strip())


def _vietnamese_score(text: str) -> int:
    """Words that read as Vietnamese syllables, less those that cannot.

    A wrong decoding still yields letters (most legacy bytes are letters in
    every table), but not syllables: a syllable carries at most one tone and
    only Vietnamese letters ("Chửụng" is VNI read as TCVN3).
    """
    score = 0
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        if word.isascii():
            continue
        tones = sum(1 for char in unicodedata.normalize("NFD", word) if char in _TONE_MARKS)
        letters = all(char.isascii() or char in VIETNAMESE_LETTERS for char in word)
        score += 1 if letters and tones <= 1 else -1
    return score


_WORD = re.compile(r"[^\W\d_]+")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
