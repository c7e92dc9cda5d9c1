"""No empty boxes: every character has a glyph in the book's fonts or a declared fallback."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from book import press
from book.vietnamese import glyphs
from tests.conftest import write_book
from tests.vietnamese.legacy import LETTERS

INDEX = "# Sách thử\n\n```{toctree}\nchuong\n```\n"
CHAPTER = "# Chương một\n\nTin nhắn dán từ Zalo 😀 vẫn còn.\n\nChữ Nôm 𡨸喃 trong câu đối.\n"
# Soft hyphens and joiners need no glyph (test_which_characters_need_a_glyph); in a
# chapter they are reported as invisible characters (tests/test_invisible.py).


def fallback_font(path: Path, characters: str) -> Path:
    """A tiny TrueType font with a square glyph for each of ``characters``."""
    names = [".notdef"] + [f"u{ord(char):X}" for char in characters]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(char): f"u{ord(char):X}" for char in characters})
    pen = TTGlyphPen(None)
    for x, y in ((100, 0), (100, 700), (600, 700), (600, 0)):
        (pen.moveTo if (x, y) == (100, 0) else pen.lineTo)((x, y))
    pen.closePath()
    square = pen.glyph()
    builder.setupGlyf({name: square for name in names})
    builder.setupHorizontalMetrics({name: (700, 100) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Du phong", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    builder.save(str(path))
    return path


def test_missing_glyphs_fail_with_characters_chapters_and_lines(tmp_path: Path) -> None:
    book = write_book(tmp_path, {"index.md": INDEX, "chuong.md": CHAPTER})
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["html"], status=None)
    problems = [line.strip() for line in str(failure.value).splitlines() if "glyph" in line]
    assert len(problems) == 2
    assert problems[0].startswith("chapters/chuong.md:3:")
    assert "U+1F600 GRINNING FACE (😀)" in problems[0]
    assert problems[1].startswith("chapters/chuong.md:5:")
    assert "U+21A38 CJK UNIFIED IDEOGRAPH-21A38 (𡨸)" in problems[1]
    assert "U+5583 CJK UNIFIED IDEOGRAPH-5583 (喃)" in problems[1]
    assert "book_fallback_fonts" in problems[1]


def test_a_declared_fallback_font_covers_them(tmp_path: Path) -> None:
    fallback_font(tmp_path / "fonts" / "du-phong.ttf", "😀𡨸喃")
    conf = 'book_fallback_fonts = ["fonts/du-phong.ttf"]\n'
    book = write_book(tmp_path, {"index.md": INDEX, "chuong.md": CHAPTER}, conf=conf)
    published = press.build(book, ["html"], status=None)
    assert "𡨸喃" in (published["html"] / "chuong.html").read_text(encoding="utf-8")


def test_fallback_fonts_are_found_from_the_book_directory(tmp_path: Path) -> None:
    config = SimpleNamespace(book_fallback_fonts=["fonts/du-phong.ttf"])
    found = glyphs.fallback_fonts(config, tmp_path)  # type: ignore[arg-type]
    assert found == [tmp_path.resolve() / "fonts" / "du-phong.ttf"]


def test_a_fallback_font_that_is_not_there_is_reported(tmp_path: Path) -> None:
    conf = 'book_fallback_fonts = ["fonts/khong-co.ttf"]\n'
    book = write_book(tmp_path, {"index.md": INDEX, "chuong.md": "# Chương\n"}, conf=conf)
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["html"], status=None)
    assert "conf.py:7: không tìm thấy phông dự phòng" in str(failure.value)
    assert "khong-co.ttf" in str(failure.value)


def test_a_fallback_font_that_is_not_a_font_is_reported(tmp_path: Path) -> None:
    conf = 'book_fallback_fonts = ["fonts/hong.ttf"]\n'
    book = write_book(tmp_path, {"index.md": INDEX, "chuong.md": "# Chương\n"}, conf=conf)
    (book / "fonts").mkdir()
    (book / "fonts" / "hong.ttf").write_bytes(b"\x00\x01\x00\x00 not a font")
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["html"], status=None)
    assert "conf.py:7: phông dự phòng" in str(failure.value)
    assert "hong.ttf không đọc được" in str(failure.value)


def test_the_book_fonts_draw_every_vietnamese_letter() -> None:
    covered = glyphs.book_characters([])
    assert [letter for letter in LETTERS if ord(letter) not in covered] == []
    assert all(ord(char) in covered for char in "“”‘’–—…")


@pytest.mark.parametrize(
    ("char", "needed"),
    [
        ("ệ", True),
        (" ", True),
        ("😀", True),
        ("\u00ad", False),
        ("\u200d", False),
        ("\ufe0f", False),
    ],
)
def test_which_characters_need_a_glyph(char: str, needed: bool) -> None:
    assert glyphs.needs_glyph(char) is needed


def test_metadata_in_conf_py_is_checked_too(tmp_path: Path) -> None:
    conf = 'book_subtitle = "Câu đối chữ Nôm 𡨸喃"\n'
    book = write_book(tmp_path, {"index.md": "# Sách\n"}, conf=conf)
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["html"], status=None)
    problem = next(line for line in str(failure.value).splitlines() if "book_subtitle" in line)
    assert problem.strip().startswith("conf.py:7: book_subtitle:")  # after write_book's 6 lines
    assert "U+21A38" in problem and "U+5583" in problem
