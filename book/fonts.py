"""The book's typefaces: which files, their @font-face rules, and subsets for embedding.

Fonts come from pip packages (fontpkg-*), never from the system, so every
machine renders the same glyphs. All three carry the full Vietnamese alphabet.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import fontpkg
import uharfbuzz as hb
from sphinx.errors import SphinxError

from book.publish import write_if_changed

SERIF, SANS, MONO = "Noto Serif", "Be Vietnam Pro", "IBM Plex Mono"
# The families by role; conf.py may choose others (``book_fonts``) from any
# installed fontpkg-* package with Vietnamese glyphs.
DEFAULT_FAMILIES = {"body": SERIF, "heading": SANS, "mono": MONO}

# role -> (weight, style): the faces the stylesheets use, and no others.
ROLE_FACES: dict[str, tuple[tuple[int, str], ...]] = {
    "body": ((400, "normal"), (700, "normal"), (400, "italic"), (700, "italic")),
    "heading": ((400, "normal"), (600, "normal"), (700, "normal"), (400, "italic")),
    "mono": ((400, "normal"), (700, "normal")),
}


class FontMissing(LookupError):
    """A family chosen in conf.py is not installed."""


class FontUnreadable(SphinxError):
    """A font file HarfBuzz cannot subset: reported like any build error, without a traceback."""

    category = "Phông chữ"


# Characters every subset keeps, whatever the text: the Vietnamese alphabet in
# both cases, digits and common punctuation, so that running heads, numbers and
# interface labels never fall outside the subset.
_VIETNAMESE = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệfghiìỉĩíịjklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvwxyỳỷỹýỵz"
)
BASE_CHARACTERS = frozenset(
    _VIETNAMESE + _VIETNAMESE.upper() + "0123456789 .,;:!?…-–—'’‘\"“”()[]{}/%§·•*#&@+=<>|~«»¶"
)


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    style: str
    path: Path

    @property
    def variable(self) -> bool:
        return "[" in self.path.name

    @property
    def file_name(self) -> str:
        style = "Italic" if self.style == "italic" else ""
        return f"{self.family.replace(' ', '')}-{self.weight}{style}.ttf"


def chosen_families(families: dict[str, str] | None = None) -> dict[str, str]:
    """Role -> family: ``book_fonts`` of conf.py over the defaults (it may name some roles)."""
    return {**DEFAULT_FAMILIES, **(families or {})}


def faces(families: dict[str, str] | None = None) -> list[Face]:
    """The faces the book uses, located in their pip packages."""
    chosen = chosen_families(families)
    result = []
    for role, variants in ROLE_FACES.items():
        family = chosen[role]
        for weight, style in variants:
            try:
                path = fontpkg.path(family, weight, style, nearest=True)
            except fontpkg.FontpkgError:
                raise FontMissing(_missing(family, role)) from None
            result.append(Face(family, weight, style, path))
    return list(dict.fromkeys(result))


def _missing(family: str, role: str) -> str:
    """What to say of a family that is not installed: those that are, the nearest first."""
    installed = [known.name for known in fontpkg.families().values()]
    near = difflib.get_close_matches(family, installed, n=1, cutoff=0.4)
    hint = f" Có phải ý bạn là “{near[0]}”?" if near else ""
    return (
        f"phông chữ “{family}” (book_fonts['{role}'] trong conf.py) chưa được cài.{hint} "
        f"Các phông đã có: {', '.join(sorted(installed))}. Muốn dùng phông khác, thêm gói "
        f"fontpkg-{fontpkg.slugify(family)} (nếu có trên PyPI) vào dependencies trong "
        "pyproject.toml rồi chạy lại ./press."
    )


def private_family(family: str) -> str:
    """The name the print edition gives ``family``: one no font on any machine carries.

    A system font with the book's family name (Noto Serif from Debian's
    fonts-noto-core) must never stand in for the book's face; see
    book.pdf.private_fonts.
    """
    return f"Press {family}"


def font_face_css(
    faces: Iterable[Face], url: Callable[[Face], str], name: Callable[[str], str] = str
) -> str:
    """@font-face rules, each family called ``name(family)``; variable faces get their
    weight through variation settings."""
    rules = []
    for face in faces:
        variation = f"\n  font-variation-settings: 'wght' {face.weight};" if face.variable else ""
        rules.append(
            "@font-face {\n"
            f"  font-family: '{name(face.family)}';\n"
            f"  src: url('{url(face)}');\n"
            f"  font-weight: {face.weight};\n"
            f"  font-style: {face.style};{variation}\n"
            "}"
        )
    return "\n".join(rules) + "\n"


# Beyond the alphabet: what interfaces and typography add (Latin-1, dashes and
# quotes, bullets, arrows), so that text a reader's software adds (a search
# box, a note's number) finds its glyphs too.
COMMON_CHARACTERS = frozenset(
    "".join(map(chr, range(0x20, 0x7F)))
    + "".join(map(chr, range(0xA0, 0x100)))
    + "".join(map(chr, range(0x2010, 0x2028)))
    + "".join(map(chr, range(0x2030, 0x203B)))
    + "←↑→↓№™"
)


def subset_faces(faces: Iterable[Face], text: str, out_dir: Path) -> list[Face]:
    """Static subsets of ``faces`` holding the characters of ``text``, in ``out_dir``.

    Readers (and many ebook readers in particular) handle variable fonts
    poorly, so a variable face is pinned to its weight. HarfBuzz subsets and
    instances a face in milliseconds (fontTools took two seconds for each face
    of Noto Serif), so each edition makes its own subsets; a file is written
    only when its bytes change, so that what depends on it sees no change.
    """
    characters = BASE_CHARACTERS | COMMON_CHARACTERS | set(text)
    codepoints = sorted(map(ord, characters))
    out_dir.mkdir(parents=True, exist_ok=True)
    result = []
    for face in faces:
        target = out_dir / face.file_name
        write_if_changed(target, subset_font(face, codepoints))
        result.append(replace(face, path=target))
    return result


# Features kept beyond HarfBuzz's defaults (which cover Vietnamese: ccmp, locl,
# mark, mkmk, kern, liga...). Tabular figures: page numbers must take the same
# room whatever their digits (book.pdf.render.renumber writes the right ones
# into a finished layout).
_EXTRA_FEATURES = ("tnum",)
_DROPPED_TABLES = ("DSIG", "MATH")


def subset_font(face: Face, codepoints: Iterable[int]) -> bytes:
    """The face's font file cut down to ``codepoints``, pinned to its weight if variable."""
    font = hb.Face(hb.Blob.from_file_path(str(face.path)))
    request = hb.SubsetInput()
    request.unicode_set.update(codepoints)
    request.layout_feature_tag_set.update(map(_tag, _EXTRA_FEATURES))
    request.drop_table_tag_set.update(map(_tag, _DROPPED_TABLES))
    request.name_id_set.clear()  # every name: the licence and the designer travel with the font
    request.name_id_set.invert()
    request.flags = hb.SubsetFlags.NOTDEF_OUTLINE
    if font.has_var_data:
        request.pin_all_axes_to_default(font)
        for axis in font.axis_infos:
            if axis.tag == "wght":
                weight = min(max(face.weight, axis.min_value), axis.max_value)
                request.pin_axis_location(font, "wght", weight)
    try:
        return hb.subset(font, request).blob.data
    except RuntimeError:
        raise FontUnreadable(
            f"{face.path}: HarfBuzz không đọc được tệp phông chữ này (hỏng hoặc không phải "
            "OpenType). Cài lại gói fontpkg-* của nó, hoặc chọn phông khác trong book_fonts."
        ) from None


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")
