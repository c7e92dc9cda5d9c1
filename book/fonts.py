"""The book's typefaces: which files, their @font-face rules, and subsets for embedding.

Fonts come from pip packages (fontpkg-*), never from the system, so every
machine renders the same glyphs. All three carry the full Vietnamese alphabet.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import fontpkg

from book.tools import available_cores

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


# Beyond the alphabet: what interfaces and typography add (Latin-1, dashes and
# quotes, bullets, arrows), so that every edition's text usually fits one set.
COMMON_CHARACTERS = frozenset(
    "".join(map(chr, range(0x20, 0x7F)))
    + "".join(map(chr, range(0xA0, 0x100)))
    + "".join(map(chr, range(0x2010, 0x2028)))
    + "".join(map(chr, range(0x2030, 0x203B)))
    + "←↑→↓№™"
)


def subset_faces(
    faces: Iterable[Face],
    text: str,
    out_dir: Path,
    *,
    book_text: str = "",
    shared: Path | None = None,
) -> list[Face]:
    """Static subsets of ``faces`` holding the characters of ``text``, in ``out_dir``.

    Readers (and many ebook readers in particular) handle variable fonts
    poorly, so a variable face is pinned to its weight after subsetting;
    subsetting first keeps the instancing fast.

    Instancing is the slow part (a second per face of Noto Serif), and the
    three editions show nearly the same characters: the book's sources
    (``book_text``) and common punctuation. When ``text`` adds nothing to
    those, the subset is made once in ``shared`` and every edition copies it.
    """
    characters = BASE_CHARACTERS | COMMON_CHARACTERS | set(book_text)
    shown = set(text)
    if not shown <= characters:
        characters |= shown
    ordered = "".join(sorted(characters))
    out_dir.mkdir(parents=True, exist_ok=True)
    if shared is not None:
        shared.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(ordered.encode()).hexdigest()[:12]
    made = {
        face: (shared / f"{Path(face.file_name).stem}-{digest}.ttf" if shared else None)
        or out_dir / face.file_name
        for face in faces
    }
    _make_subsets(made, ordered)
    result = []
    for face, path in made.items():
        target = out_dir / face.file_name
        if path != target and (not target.exists() or target.read_bytes() != path.read_bytes()):
            shutil.copyfile(path, target)
        result.append(replace(face, path=target))
    return result


def _make_subsets(targets: dict[Face, Path], characters: str) -> None:
    """Make the subsets not already made, on every core when there are several."""
    missing = [
        (face, path) for face, path in targets.items() if not _is_current(face, characters, path)
    ]
    if len(missing) < 2:
        for face, path in missing:
            _subset(face, characters, path)
        return
    workers = min(len(missing), available_cores())
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # The slowest (the serif faces, with two axes) first.
        missing.sort(key=lambda item: item[0].path.stat().st_size, reverse=True)
        faces, paths = zip(*missing, strict=True)
        list(pool.map(_subset, faces, [characters] * len(missing), paths))


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


SUBSET_VERSION = "2"  # bump when the subsetting options change


def _key(face: Face, characters: str) -> str:
    key = f"{SUBSET_VERSION}:{face.path}:{face.weight}:{characters}"
    return hashlib.sha256(key.encode()).hexdigest()


def _is_current(face: Face, characters: str, target: Path) -> bool:
    stamp = target.with_suffix(".key")
    return target.exists() and stamp.exists() and stamp.read_text() == _key(face, characters)


def _subset(face: Face, characters: str, target: Path) -> None:
    if _is_current(face, characters, target):
        return
    # Imported here: fontTools' subsetter takes a third of a second to import,
    # and most builds find their subsets already made.
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    # fontTools' default layout features cover Vietnamese (ccmp, mark, mkmk, kern,
    # liga, locl); keeping every feature of a multi-script font triples the time.
    options = subset.Options()
    # Tabular figures: page numbers must take the same room whatever their digits
    # (book.pdf.render.renumber writes the right ones into a finished layout).
    options.layout_features += ["tnum"]
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
    target.with_suffix(".key").write_text(_key(face, characters))
