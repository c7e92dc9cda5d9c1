"""Legacy Vietnamese encodings → Unicode NFC.

Four encodings still reach the editors:

- **Windows-1258** (CP1258): Python's ``cp1258`` codec; it writes tones as
  combining marks, so the result is normalised to NFC.
- **TCVN3** (ABC, the ``.VnTime`` fonts): one byte per letter. The table below
  is TCVN 5712:1993 VN1 (glibc's ``TCVN5712-1``), of which the ABC fonts'
  VN3 is the subset without toned capitals; so both decode with it.
- **VNI** (``VNI-Times``): a base letter followed by one "mark" byte, chosen
  from the Windows-1252 code page, plus a few single bytes (đ, ơ, ư, ỉ, ĩ, ị, ỵ).
  The table is generated from the marks of the VNI layout rather than typed
  out letter by letter, so every vowel gets every tone.
- **VIQR** (RFC 1456): ASCII marks after the vowel (``Vie^.t Nam``).
- **UTF-8 read as Windows-1252**: not a legacy encoding, but the same
  damage in reverse ("Chuyá»ƒn Ä‘á»•i"), repaired the same way.

A legacy file may arrive as raw bytes (:func:`decode`) or as UTF-8 text that
some program already decoded wrongly as Windows-1252, the "mojibake"
``Ch\xad\xacng tr\xd7nh`` (:func:`repair`).
"""

from __future__ import annotations

import re
import unicodedata

WINDOWS_1258, TCVN3, VNI, VIQR = "windows-1258", "tcvn3", "vni", "viqr"
# UTF-8 that a program read as Windows-1252 and saved again ("Chuyá»ƒn Ä‘á»•i").
UTF8 = "utf-8"
ENCODINGS = (WINDOWS_1258, TCVN3, VNI, VIQR, UTF8)

# TCVN 5712:1993 VN1: bytes that differ from Latin-1. 0xB0-0xB4 are combining tones.
_TCVN3_BYTES: dict[int, str] = {
    0x01: "Ú",
    0x02: "Ụ",
    0x04: "Ừ",
    0x05: "Ử",
    0x06: "Ữ",
    0x11: "Ứ",
    0x12: "Ự",
    0x13: "Ỳ",
    0x14: "Ỷ",
    0x15: "Ỹ",
    0x16: "Ý",
    0x17: "Ỵ",
    0x80: "À",
    0x81: "Ả",
    0x82: "Ã",
    0x83: "Á",
    0x84: "Ạ",
    0x85: "Ặ",
    0x86: "Ậ",
    0x87: "È",
    0x88: "Ẻ",
    0x89: "Ẽ",
    0x8A: "É",
    0x8B: "Ẹ",
    0x8C: "Ệ",
    0x8D: "Ì",
    0x8E: "Ỉ",
    0x8F: "Ĩ",
    0x90: "Í",
    0x91: "Ị",
    0x92: "Ò",
    0x93: "Ỏ",
    0x94: "Õ",
    0x95: "Ó",
    0x96: "Ọ",
    0x97: "Ộ",
    0x98: "Ờ",
    0x99: "Ở",
    0x9A: "Ỡ",
    0x9B: "Ớ",
    0x9C: "Ợ",
    0x9D: "Ù",
    0x9E: "Ủ",
    0x9F: "Ũ",
    0xA1: "Ă",
    0xA2: "Â",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
    0xA7: "Đ",
    0xA8: "ă",
    0xA9: "â",
    0xAA: "ê",
    0xAB: "ô",
    0xAC: "ơ",
    0xAD: "ư",
    0xAE: "đ",
    0xAF: "Ằ",
    0xB0: "\u0300",
    0xB1: "\u0309",
    0xB2: "\u0303",
    0xB3: "\u0301",
    0xB4: "\u0323",
    0xB5: "à",
    0xB6: "ả",
    0xB7: "ã",
    0xB8: "á",
    0xB9: "ạ",
    0xBA: "Ẳ",
    0xBB: "ằ",
    0xBC: "ẳ",
    0xBD: "ẵ",
    0xBE: "ắ",
    0xBF: "Ẵ",
    0xC0: "Ắ",
    0xC1: "Ầ",
    0xC2: "Ẩ",
    0xC3: "Ẫ",
    0xC4: "Ấ",
    0xC5: "Ề",
    0xC6: "ặ",
    0xC7: "ầ",
    0xC8: "ẩ",
    0xC9: "ẫ",
    0xCA: "ấ",
    0xCB: "ậ",
    0xCC: "è",
    0xCD: "Ể",
    0xCE: "ẻ",
    0xCF: "ẽ",
    0xD0: "é",
    0xD1: "ẹ",
    0xD2: "ề",
    0xD3: "ể",
    0xD4: "ễ",
    0xD5: "ế",
    0xD6: "ệ",
    0xD7: "ì",
    0xD8: "ỉ",
    0xD9: "Ễ",
    0xDA: "Ế",
    0xDB: "Ồ",
    0xDC: "ĩ",
    0xDD: "í",
    0xDE: "ị",
    0xDF: "ò",
    0xE0: "Ổ",
    0xE1: "ỏ",
    0xE2: "õ",
    0xE3: "ó",
    0xE4: "ọ",
    0xE5: "ồ",
    0xE6: "ổ",
    0xE7: "ỗ",
    0xE8: "ố",
    0xE9: "ộ",
    0xEA: "ờ",
    0xEB: "ở",
    0xEC: "ỡ",
    0xED: "ớ",
    0xEE: "ợ",
    0xEF: "ù",
    0xF0: "Ỗ",
    0xF1: "ủ",
    0xF2: "ũ",
    0xF3: "ú",
    0xF4: "ụ",
    0xF5: "ừ",
    0xF6: "ử",
    0xF7: "ữ",
    0xF8: "ứ",
    0xF9: "ự",
    0xFA: "ỳ",
    0xFB: "ỷ",
    0xFC: "ỹ",
    0xFE: "ỵ",
    0xFF: "Ố",
}
_TCVN3_DECODE = str.maketrans({chr(byte): text for byte, text in _TCVN3_BYTES.items()})

# VNI marks: (lowercase, uppercase) mark character, as Windows-1252 shows the byte.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_VNI_TONE = dict(zip(_TONES, ("øØ", "ùÙ", "ûÛ", "õÕ", "ïÏ"), strict=True))
_VNI_CIRCUMFLEX_TONE = dict(zip(_TONES, ("àÀ", "áÁ", "åÅ", "ãÃ", "äÄ"), strict=True))
_VNI_BREVE_TONE = dict(zip(_TONES, ("èÈ", "éÉ", "úÚ", "üÜ", "ëË"), strict=True))
_VNI_CIRCUMFLEX, _VNI_BREVE = "âÂ", "êÊ"
# Letters VNI writes as one character: đ, ơ, ư, and the i and ỵ it could not compose.
_VNI_SINGLE = {
    "đ": "ñÑ",
    "ơ": "ôÔ",
    "ư": "öÖ",
    "ì": "ìÌ",
    "í": "íÍ",
    "ỉ": "æÆ",
    "ĩ": "óÓ",
    "ị": "òÒ",
    "ỵ": "îÎ",
}


def _vni_sequences() -> dict[str, str]:
    """Every VNI sequence → its NFC letter, both cases."""
    table: dict[str, str] = {}

    def add(letter: str, lower: str, upper: str) -> None:
        table[lower] = unicodedata.normalize("NFC", letter)
        table[upper] = unicodedata.normalize("NFC", letter.upper())

    for letter, (lower, upper) in _VNI_SINGLE.items():
        add(letter, lower, upper)
    # The keyboard driver writes ì í ỉ ĩ ị and ỵ as one character (above), but the
    # font draws a plain i or y followed by a tone byte the same, and text typed
    # or converted by other tools has them so: both spellings convert.
    for base in "aeiouy":
        for tone, (lower, upper) in _VNI_TONE.items():
            add(base + tone, base + lower, base.upper() + upper)
    for base in "aeo":  # â ê ô
        add(base + "\u0302", base + _VNI_CIRCUMFLEX[0], base.upper() + _VNI_CIRCUMFLEX[1])
        for tone, (lower, upper) in _VNI_CIRCUMFLEX_TONE.items():
            add(base + "\u0302" + tone, base + lower, base.upper() + upper)
    add("a\u0306", "a" + _VNI_BREVE[0], "A" + _VNI_BREVE[1])  # ă
    for tone, (lower, upper) in _VNI_BREVE_TONE.items():
        add("a\u0306" + tone, "a" + lower, "A" + upper)
    for letter in ("ơ", "ư"):
        lower_base, upper_base = _VNI_SINGLE[letter]
        for tone, (lower, upper) in _VNI_TONE.items():
            add(letter + tone, lower_base + lower, upper_base + upper)
    return table


VNI_SEQUENCES = _vni_sequences()
# Longest first, so "aù" (á) wins over a bare "a".
_VNI_PATTERN = re.compile(
    "|".join(re.escape(seq) for seq in sorted(VNI_SEQUENCES, key=len, reverse=True))
)

# VIQR (RFC 1456): vowel, then an optional quality mark, then an optional tone.
_VIQR_QUALITY = {"(": "\u0306", "^": "\u0302", "+": "\u031b"}
_VIQR_TONE = {"`": "\u0300", "'": "\u0301", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR_VALID_QUALITY = {"a(", "a^", "e^", "o^", "o+", "u+"}
_VIQR = re.compile(
    r"(?P<dd>\b[dD][dD])|(?P<vowel>[aeiouyAEIOUY])(?P<quality>[(^+]?)"
    r"(?P<tone>[`'~]|[?.](?=[^\W\d_]|[ \t]+[a-z]|[,;:)\]]))?|\\(?P<escaped>[(^+`'?~.\\])"
)


def decode(data: bytes, encoding: str) -> str:
    """Unicode NFC text of ``data`` stored in a legacy ``encoding``."""
    if encoding == WINDOWS_1258:
        text = data.decode("cp1258", errors="replace")
    elif encoding == TCVN3:
        text = data.decode("latin-1").translate(_TCVN3_DECODE)
    elif encoding == VNI:
        text = _from_vni(_as_windows_1252(data))
    elif encoding == VIQR:
        text = from_viqr(data.decode("utf-8", errors="replace"))
    elif encoding == UTF8:
        text = data.decode("utf-8", errors="replace")
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}; one of {ENCODINGS}")
    return unicodedata.normalize("NFC", text)


def repair(text: str, encoding: str) -> str:
    """Unicode NFC text of mojibake: legacy bytes that were shown as Windows-1252."""
    if encoding == VIQR:
        return unicodedata.normalize("NFC", from_viqr(text))
    return decode(_windows_1252_bytes(text), encoding)


def from_viqr(text: str) -> str:
    """Compose VIQR marks (``Vie^.t``) into letters, RFC 1456.

    A ``.`` or ``?`` after a vowel is a tone when the sentence goes on: inside
    a word, or before a comma or a lowercase word ("chu? nghi~a"); before a
    capital, a line end or the end of the text it ends the sentence. A
    backslash keeps any mark literal, as the RFC says.
    """

    def compose(match: re.Match[str]) -> str:
        if match["dd"]:
            return "Đ" if match["dd"][0] == "D" else "đ"
        if match["escaped"]:
            return match["escaped"]
        vowel, quality, tone = match["vowel"], match["quality"], match["tone"] or ""
        if quality and vowel.lower() + quality not in _VIQR_VALID_QUALITY:
            return vowel + quality + tone  # "i^" is no Vietnamese letter: leave it
        letter = vowel + _VIQR_QUALITY.get(quality, "") + _VIQR_TONE.get(tone, "")
        return unicodedata.normalize("NFC", letter)

    return _VIQR.sub(compose, text)


def _from_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda match: VNI_SEQUENCES[match[0]], text)


def _as_windows_1252(data: bytes) -> str:
    return "".join(WINDOWS_1252[byte] for byte in data)


# VNI's mark bytes are chosen from Windows-1252; the five bytes it leaves
# undefined stand for themselves (as Windows itself shows them).
WINDOWS_1252 = [bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(256)]


def _windows_1252_bytes(text: str) -> bytes:
    """The bytes a legacy file had before a program showed them as Windows-1252."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            out += char.encode("latin-1", errors="replace")
    return bytes(out)
