"""Legacy encodings → Unicode, letter by letter, both cases, for all four encodings."""

from __future__ import annotations

import pytest

from book.vietnamese import convert
from tests.vietnamese.legacy import LETTERS, tcvn3, viqr, windows_1258

# The VNI Windows chart, typed from the layout: letter → what Windows-1252 shows.
VNI_CHART = {
    "à": "aø", "á": "aù", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "ă": "aê", "ằ": "aè", "ắ": "aé", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "â": "aâ", "ầ": "aà", "ấ": "aá", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "đ": "ñ",
    "è": "eø", "é": "eù", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï",
    "ê": "eâ", "ề": "eà", "ế": "eá", "ể": "eå", "ễ": "eã", "ệ": "eä",
    "ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "ò": "oø", "ó": "où", "ỏ": "oû", "õ": "oõ", "ọ": "oï",
    "ô": "oâ", "ồ": "oà", "ố": "oá", "ổ": "oå", "ỗ": "oã", "ộ": "oä",
    "ơ": "ô", "ờ": "ôø", "ớ": "ôù", "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï",
    "ù": "uø", "ú": "uù", "ủ": "uû", "ũ": "uõ", "ụ": "uï",
    "ư": "ö", "ừ": "öø", "ứ": "öù", "ử": "öû", "ữ": "öõ", "ự": "öï",
    "ỳ": "yø", "ý": "yù", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
}  # fmt: skip


def test_the_letters_are_all_134() -> None:
    assert len(LETTERS) == len(set(LETTERS)) == 134
    assert "đ" in LETTERS and "Đ" in LETTERS and "Ỵ" in LETTERS


def test_the_vni_chart_covers_every_letter() -> None:
    assert sorted(VNI_CHART) == sorted(letter for letter in LETTERS if letter.islower())


@pytest.mark.parametrize("letter", LETTERS)
def test_tcvn3_letter(letter: str) -> None:
    # Inside a word, as in a document: "x" + letter + "n".
    assert convert.decode(tcvn3(f"x{letter}n"), convert.TCVN3) == f"x{letter}n"


@pytest.mark.parametrize("letter", LETTERS)
def test_windows_1258_letter(letter: str) -> None:
    decoded = convert.decode(windows_1258(f"x{letter}n"), convert.WINDOWS_1258)
    assert decoded == f"x{letter}n"


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_letter(letter: str) -> None:
    chart = VNI_CHART[letter.lower()]
    sequence = chart if letter.islower() else chart.upper()
    assert convert.decode(f"x{sequence}n".encode("cp1252"), convert.VNI) == f"x{letter}n"
    assert convert.repair(f"x{sequence}n", convert.VNI) == f"x{letter}n"


@pytest.mark.parametrize("letter", LETTERS)
def test_utf8_read_as_windows_1252_letter(letter: str) -> None:
    shown = "".join(convert.WINDOWS_1252[byte] for byte in f"x{letter}n".encode())
    assert convert.repair(shown, convert.UTF8) == f"x{letter}n"


@pytest.mark.parametrize("letter", LETTERS)
def test_viqr_letter(letter: str) -> None:
    # Syllable-initial, where đ always stands: "dd" inside a word stays ("address").
    assert convert.from_viqr(f"x {viqr(letter)}n") == f"x {letter}n"


@pytest.mark.parametrize(
    ("legacy", "encoding", "unicode"),
    [
        ("Ch\xad\xacng tr\xd7nh", convert.TCVN3, "Chương trình"),
        ("C\xe9ng h\xdfa x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam", convert.TCVN3,
         "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Chöông trình", convert.VNI, "Chương trình"),
        ("Ñaø Naüng, saün coù", convert.VNI, "Đà Nẵng, sẵn có"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", convert.VNI,
         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Vie^.t Nam, Ha` No^.i, ddu+o+`ng", convert.VIQR, "Việt Nam, Hà Nội, đường"),
    ],
)  # fmt: skip
def test_real_words(legacy: str, encoding: str, unicode: str) -> None:
    assert convert.repair(legacy, encoding) == unicode


def test_viqr_keeps_sentence_punctuation_and_escapes() -> None:
    text = "Ai? Ha` No^.i. Co' ba\\'o ca'o khong\\?"
    assert convert.from_viqr(text) == "Ai? Hà Nội. Có ba'o cáo khong?"


def test_ascii_and_markdown_pass_through_every_table() -> None:
    markdown = b"# Title\n\n- [link](a.md) `code` **bold** 2020-2025: 100%\n"
    for encoding in (convert.TCVN3, convert.VNI, convert.WINDOWS_1258):
        assert convert.decode(markdown, encoding) == markdown.decode()


def test_results_are_nfc() -> None:
    # Windows-1258 stores "ệ" as ê + combining dot below.
    assert convert.decode(b"Vi\xea\xf2t", convert.WINDOWS_1258) == "Việt"
    assert convert.decode(b"Vi\xea\xf2t", convert.WINDOWS_1258) != "Viê\u0323t"


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        convert.decode(b"x", "koi8-r")


@pytest.mark.parametrize(
    ("tone_byte", "lower", "upper"),
    [("øØ", "ì", "Ì"), ("ùÙ", "í", "Í"), ("ûÛ", "ỉ", "Ỉ"), ("õÕ", "ĩ", "Ĩ"), ("ïÏ", "ị", "Ị")],
)
def test_vni_i_with_a_tone_byte_converts_as_the_precomposed_letter(tone_byte, lower, upper):
    """ "tri" + 0xF8 is drawn "trì" by the VNI font, as the driver's single byte is."""
    from book.vietnamese import convert

    written = f"tri{tone_byte[0]} TRI{tone_byte[1]}".encode("cp1252")
    assert convert.decode(written, convert.VNI) == f"tr{lower} TR{upper}"
    assert convert.decode("yï YÏ".encode("cp1252"), convert.VNI) == "ỵ Ỵ"
