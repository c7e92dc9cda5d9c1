"""What a chapter file most likely is: legacy bytes, mojibake, or clean UTF-8."""

from __future__ import annotations

from pathlib import Path

import pytest

from book.vietnamese import convert, encodings
from tests.vietnamese.legacy import tcvn3, windows_1258

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = (
    "# Chương trình hành động\n"
    "\n"
    "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc.\n"
    "Thủ tướng Chính phủ ban hành Quyết định về chuyển đổi số; Ủy ban nhân dân tỉnh "
    "Hải Dương triển khai thực hiện trên địa bàn thành phố Chí Linh.\n"
)
VNI_CHAPTER = (
    "# Chöông trình haønh ñoäng\n"
    "\n"
    "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp - Töï do - Haïnh phuùc.\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (windows_1258(CHAPTER), convert.WINDOWS_1258),
        (tcvn3(CHAPTER), convert.TCVN3),
        (VNI_CHAPTER.encode("cp1252"), convert.VNI),
    ],
    ids=["windows-1258", "tcvn3", "vni"],
)
def test_legacy_bytes_are_named_with_their_line(data: bytes, encoding: str) -> None:
    finding = encodings.examine(b"<!-- ascii -->\n" + data)
    assert finding is not None
    assert finding.encoding == encoding
    assert not finding.mojibake
    assert finding.line == 2  # the heading, after one ASCII line
    assert finding.preview.startswith("# Chương trình")


def test_the_line_is_where_the_first_legacy_byte_is() -> None:
    data = b"# Title\n\nPlain ASCII.\n\n" + tcvn3("Thủ tướng Chính phủ\n")
    finding = encodings.examine(data)
    assert finding is not None
    assert (finding.encoding, finding.line) == (convert.TCVN3, 5)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (tcvn3(CHAPTER).decode("cp1252", errors="replace"), convert.TCVN3),
        (VNI_CHAPTER, convert.VNI),
        ("# Chu+o+ng tri`nh\n\nCo^.ng ho`a xa~ ho^.i chu? nghi~a Vie^.t Nam\n", convert.VIQR),
        ("".join(convert.WINDOWS_1252[byte] for byte in CHAPTER.encode()), convert.UTF8),
    ],
    ids=["tcvn3", "vni", "viqr", "utf-8-as-windows-1252"],
)
def test_mojibake_in_utf8_is_named(text: str, encoding: str) -> None:
    finding = encodings.examine(("\n" + text).encode("utf-8"))
    assert finding is not None
    assert finding.mojibake
    assert finding.encoding == encoding
    assert finding.line == 2
    assert finding.preview == "# Chương trình" + (" hành động" if encoding != "viqr" else "")
    assert encodings.NAMES[encoding] in finding.name


def test_the_issue_examples_are_caught() -> None:
    for text in ("Ch\xad\xacng tr\xd7nh c\xf1a Th\xb5nh \xf0y", "Chöông trình cuûa Thaønh uûy"):
        assert encodings.find_mojibake(text) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        CHAPTER,
        "KIỂM TRA, GIÁM SÁT VIỆC THỰC HIỆN NGHỊ QUYẾT; XÉT KẾT NẠP ĐẢNG VIÊN; TIÊU CHÍ ĐÁNH GIÁ",
        "© 2023 Ban Tuyên giáo. Ông Søren, bà Peña và «Le Monde» đã đến; 3×4 = 12; ½ giờ.",
        "Một ký tự lạ: x¬y.",  # one odd character is not an encoding
        "Xuân, tiên, yêu, muôn, huệ, thuở, khuya: nguyên âm đôi tiếng Việt.",
        "C++ và [^1] và a^2 trong công thức.",
    ],
)
def test_clean_vietnamese_is_not_flagged(text: str) -> None:
    assert encodings.examine(text.encode("utf-8")) is None


@pytest.mark.parametrize("chapter", sorted((ROOT / "chapters").glob("*.md")), ids=lambda p: p.name)
def test_the_sample_chapters_are_clean(chapter: Path) -> None:
    assert encodings.examine(chapter.read_bytes()) is None


def test_bom_is_utf8() -> None:
    assert encodings.examine("\ufeff# Chương".encode()) is None
