"""The book's typefaces: which files, their @font-face rules, and subsets for embedding.

Fonts come from pip packages (fontpkg-*), never from the system, so every
machine renders the same glyphs. All three carry the full Vietnamese alphabet.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import fontpkg

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


def faces(families: dict[str, str] | None = None) -> list[Face]:
    """The faces the book uses, located in their pip packages."""
    chosen = {**DEFAULT_FAMILIES, **(families or {})}
    result = []
    for role, variants in ROLE_FACES.items():
        family = chosen[role]
        for weight, style in variants:
            try:
                path = fontpkg.path(family, weight, style, nearest=True)
            except fontpkg.FontpkgError as error:
                package = "fontpkg-" + fontpkg.slugify(family)
                raise FontMissing(
                    f"phông chữ “{family}” (book_fonts['{role}'] trong conf.py) chưa được cài: "
                    f"thêm gói {package} vào pyproject.toml rồi chạy lại ./press. ({error})"
                ) from None
            result.append(Face(family, weight, style, path))
    return list(dict.fromkeys(result))


def font_face_css(faces: Iterable[Face], url: Callable[[Face], str]) -> str:
    """@font-face rules; variable faces get their weight through variation settings."""
    rules = []
    for face in faces:
        variation = f"\n  font-variation-settings: 'wght' {face.weight};" if face.variable else ""
        rules.append(
            "@font-face {\n"
            f"  font-family: '{face.family}';\n"
            f"  src: url('{url(face)}');\n"
            f"  font-weight: {face.weight};\n"
            f"  font-style: {face.style};{variation}\n"
            "}"
        )
    return "\n".join(rules) + "\n"


def subset_faces(faces: Iterable[Face], text: str, out_dir: Path) -> list[Face]:
    """Static subsets of ``faces`` holding the characters of ``text``.

    Readers (and many ebook readers in particular) handle variable fonts
    poorly, so a variable face is pinned to its weight after subsetting;
    subsetting first keeps the instancing fast.
    """
    characters = "".join(sorted(BASE_CHARACTERS | set(text)))
    out_dir.mkdir(parents=True, exist_ok=True)
    result = []
    for face in faces:
        target = out_dir / face.file_name
        _subset(face, characters, target)
        result.append(replace(face, path=target))
    return result


@contextmanager
def _quiet_fonttools() -> Iterator[None]:
    """fontTools logs every pruned table at INFO; under sphinx-build that floods the console."""
    library = logging.getLogger("fontTools")
    level = library.level
    library.setLevel(logging.ERROR)
    try:
        yield
    finally:
        library.setLevel(level)


def _subset(face: Face, characters: str, target: Path) -> None:
    key = hashlib.sha256(f"{face.path}:{face.weight}:{characters}".encode()).hexdigest()
    stamp = target.with_suffix(".key")
    if target.exists() and stamp.exists() and stamp.read_text() == key:
        return
    # Imported here: fontTools' subsetter takes a third of a second to import,
    # and most builds find their subsets already made.
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    # fontTools' default layout features cover Vietnamese (ccmp, mark, mkmk, kern,
    # liga, locl); keeping every feature of a multi-script font triples the time.
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["DSIG", "MATH"]
    font = TTFont(str(face.path))
    with _quiet_fonttools():
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters)
        subsetter.subset(font)
        if "fvar" in font:
            axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
            axes["wght"] = face.weight
            font = instancer.instantiateVariableFont(font, axes)
    # A fixed timestamp keeps the file identical from one build to the next.
    font["head"].modified = font["head"].created
    font.save(str(target), reorderTables=True)
    stamp.write_text(key)
