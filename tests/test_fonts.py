"""Font subsets: static, complete for Vietnamese, the same glyphs as the reference instancer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from book import fonts

VIETNAMESE = "Nghị quyết Đại hội đảng bộ thành phố Chí Linh lần thứ XXIII, nhiệm kỳ 2020–2025"


def _face(family: str, weight: int, style: str = "normal") -> fonts.Face:
    return next(
        face
        for face in fonts.faces()
        if (face.family, face.weight, face.style) == (family, weight, style)
    )


def _font(data: bytes) -> TTFont:
    return TTFont(io.BytesIO(data))


def test_a_variable_face_comes_out_static_at_its_weight():
    regular = _font(fonts.subset_font(_face(fonts.SERIF, 400), map(ord, VIETNAMESE)))
    bold = _font(fonts.subset_font(_face(fonts.SERIF, 700), map(ord, VIETNAMESE)))
    for font in (regular, bold):
        assert not {"fvar", "gvar", "HVAR", "avar"} & set(font.keys())
    assert (regular["OS/2"].usWeightClass, bold["OS/2"].usWeightClass) == (400, 700)
    glyph = regular.getBestCmap()[ord("đ")]
    assert bold["hmtx"][glyph][0] > regular["hmtx"][glyph][0]  # bold letters are wider


def test_the_instance_has_the_glyphs_fonttools_instancer_draws():
    """HarfBuzz's instancing checked against the reference one, point by point."""
    face = _face(fonts.SERIF, 700)
    text = "ĐđƯưỹệ"
    ours = _font(fonts.subset_font(face, map(ord, text)))
    # fontTools instances the whole face in seconds; a variable subset, in a moment.
    request = hb.SubsetInput()
    request.unicode_set.update(map(ord, text))
    variable = hb.subset(hb.Face(hb.Blob.from_file_path(str(face.path))), request)
    reference = instancer.instantiateVariableFont(_font(variable.blob.data), {"wght": 700})
    for char in text:
        mine = ours["glyf"][ours.getBestCmap()[ord(char)]]
        theirs = reference["glyf"][reference.getBestCmap()[ord(char)]]
        mine_points = mine.getCoordinates(ours["glyf"])[0]
        their_points = theirs.getCoordinates(reference["glyf"])[0]
        assert len(mine_points) == len(their_points), char
        assert all(
            abs(a - c) <= 1 and abs(b - d) <= 1
            for (a, b), (c, d) in zip(mine_points, their_points, strict=True)
        ), char


def test_every_vietnamese_letter_and_the_licence_are_kept(tmp_path: Path):
    (subset,) = fonts.subset_faces([_face(fonts.SANS, 600)], "", tmp_path)
    font = TTFont(str(subset.path))
    assert set(map(ord, fonts.BASE_CHARACTERS)) <= set(font.getBestCmap())
    assert len(font.getGlyphOrder()) < 600  # a subset, not the whole face
    names = {record.nameID for record in font["name"].names}
    assert {0, 1, 2, 13} <= names  # copyright, family, style, licence


def test_characters_of_the_text_are_added(tmp_path: Path):
    (subset,) = fonts.subset_faces([_face(fonts.SERIF, 400)], "Ωλ", tmp_path)
    cmap = TTFont(str(subset.path)).getBestCmap()
    assert {ord("Ω"), ord("λ")} <= set(cmap)


def test_an_unchanged_subset_is_not_written_again(tmp_path: Path):
    """What depends on a subset (a chunk's layout, a WOFF2) goes by the file's date."""
    mono = [_face(fonts.MONO, 400)]
    (subset,) = fonts.subset_faces(mono, VIETNAMESE, tmp_path)
    written = subset.path.stat().st_mtime_ns
    fonts.subset_faces(mono, VIETNAMESE, tmp_path)
    assert subset.path.stat().st_mtime_ns == written
    assert ord("€") not in TTFont(str(subset.path)).getBestCmap()
    fonts.subset_faces(mono, VIETNAMESE + "€", tmp_path)
    assert ord("€") in TTFont(str(subset.path)).getBestCmap()


def test_subsets_are_the_same_bytes_every_time(tmp_path: Path):
    face = _face(fonts.SERIF, 700, "italic")
    assert fonts.subset_font(face, map(ord, VIETNAMESE)) == fonts.subset_font(
        face, map(ord, VIETNAMESE)
    )


def test_a_damaged_font_file_is_named_in_the_error(tmp_path: Path):
    broken = tmp_path / "Broken[wght].ttf"
    broken.write_bytes(b"\x00\x01\x00\x00 not a font")
    face = fonts.Face("Broken", 400, "normal", broken)
    with pytest.raises(fonts.FontUnreadable, match="Broken"):
        fonts.subset_font(face, map(ord, VIETNAMESE))


def test_an_unknown_family_stops_the_build_once_at_its_conf_line(tmp_path):
    from book import press
    from tests.conftest import write_book

    book = write_book(
        tmp_path,
        {"index.md": "# Sách\n\n```{toctree}\nmot\n```\n", "mot.md": "# Một\n\nĐoạn.\n"},
        conf='book_fonts = {"body": "Noto Sefir"}\n',
    )
    line = (book / "conf.py").read_text("utf-8").splitlines().index(
        'book_fonts = {"body": "Noto Sefir"}'
    ) + 1
    with pytest.raises(press.BuildFailed) as failure:
        press.build(book, ["pdf"], status=None)
    said = str(failure.value)
    assert said.count("chưa được cài") == 1
    assert f"conf.py:{line}: phông chữ “Noto Sefir”" in said
    assert "Có phải ý bạn là “Noto Serif”?" in said and "Handler" not in said
    assert "uv add" not in said
