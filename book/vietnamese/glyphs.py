"""Every character of the book has a glyph in a font the book embeds.

The editions embed only the book's own typefaces (:func:`book.fonts.faces`),
so a character none of them draws (Hán Nôm, an emoji pasted from Zalo) would
print as an empty box or fall back to whatever font the reader's machine has.
The press checks each chapter's text as it is read and fails the build with
the characters (code point and name) and where they are, unless ``conf.py``
declares fallback fonts that draw them::

    book_fallback_fonts = ["fonts/NomNaTong-Regular.ttf"]  # relative to conf.py

The editions embed those fonts after the book's own (see :func:`fallback_fonts`).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import uharfbuzz as hb
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import SphinxError
from sphinx.util import logging

from book import fonts

logger = logging.getLogger(__name__)

# Characters no font draws: controls, line breaks and format characters (soft
# hyphen, zero-width joiners, variation selectors), which renderers act on.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_VARIATION_SELECTORS = range(0xFE00, 0xFE10)
# Text that is not shown as text: markup passed through, comments, the
# substitution definitions of MyST/reST.
_NOT_SHOWN = (nodes.raw, nodes.comment, nodes.substitution_definition)


def fallback_fonts(config: Config, confdir: Path | str) -> list[Path]:
    """The fallback font files ``conf.py`` declares, as absolute paths, in order."""
    return [Path(confdir, name).resolve() for name in config.book_fallback_fonts]


@cache
def font_characters(path: Path) -> frozenset[int]:
    """Code points the font at ``path`` has a glyph for (its Unicode cmap, read by HarfBuzz:
    fontTools decompiled the whole table, a tenth of a second of every build)."""
    return frozenset(hb.Face(hb.Blob.from_file_path(str(path))).unicodes)


def book_characters(
    fallbacks: Iterable[Path], families: dict[str, str] | None = None
) -> frozenset[int]:
    """Code points the book's faces (``book_fonts``) and its fallback fonts draw between them."""
    return _characters_of((*(face.path for face in fonts.faces(families)), *fallbacks))


@cache
def _characters_of(paths: tuple[Path, ...]) -> frozenset[int]:
    covered: set[int] = set()
    for path in paths:
        covered |= font_characters(path)
    return frozenset(covered)


def needs_glyph(char: str) -> bool:
    """Whether a renderer has to draw ``char`` (spaces and letters do; joiners do not)."""
    if ord(char) in _VARIATION_SELECTORS:
        return False
    return unicodedata.category(char) not in _INVISIBLE_CATEGORIES


def missing_by_line(doctree: nodes.document, covered: frozenset[int]) -> dict[int, set[str]]:
    """Characters without a glyph, by the source line they are on (0: line unknown)."""
    missing: dict[int, set[str]] = defaultdict(set)
    for text in doctree.findall(nodes.Text):
        if any(isinstance(ancestor, _NOT_SHOWN) for ancestor in _ancestors(text)):
            continue
        absent = {char for char in str(text) if ord(char) not in covered and needs_glyph(char)}
        if absent:
            missing[_line(text)] |= absent
    return dict(missing)


def describe(char: str) -> str:
    """``U+4E00 CJK UNIFIED IDEOGRAPH-4E00 (一)``."""
    name = unicodedata.name(char, "không có tên")
    return f"U+{ord(char):04X} {name} ({char})"


def check_glyphs(app: Sphinx, doctree: nodes.document) -> None:
    """Fail the build on any character of this chapter the book's fonts cannot draw."""
    fallbacks = fallback_fonts(app.config, app.confdir)
    absent = [path for path in fallbacks if not path.is_file()]
    for path in absent:
        logger.warning(
            "không tìm thấy phông dự phòng %s (book_fallback_fonts trong conf.py)",
            path,
            location=_conf_location(app, "book_fallback_fonts"),
            type="book",
            subtype="glyph",
        )
    unreadable = [path for path in fallbacks if path not in absent and not font_characters(path)]
    for path in unreadable:
        logger.warning(
            "phông dự phòng %s không đọc được (hỏng, hoặc không phải phông OpenType/TrueType): "
            "thay tệp, hoặc bỏ nó khỏi book_fallback_fonts trong conf.py",
            path,
            location=_conf_location(app, "book_fallback_fonts"),
            type="book",
            subtype="glyph",
        )
    if absent or unreadable:
        return
    try:
        covered = book_characters(fallbacks, getattr(app.config, "book_fonts", None))
    except fonts.FontMissing:
        return  # said once, at conf.py, by check_metadata
    docname = app.env.docname
    for line, characters in sorted(missing_by_line(doctree, covered).items()):
        listed = ", ".join(describe(char) for char in sorted(characters))
        logger.warning(
            "phông chữ của sách không có glyph cho: %s. Ký tự này sẽ in ra ô trống. "
            "Hãy bỏ hoặc thay ký tự, hoặc khai báo phông có ký tự này trong conf.py: "
            'book_fallback_fonts = ["fonts/TEN-PHONG.ttf"]',
            listed,
            location=(docname, line or None),
            type="book",
            subtype="glyph",
        )


class FontNotInstalled(SphinxError):
    """A family of ``book_fonts`` is not installed."""

    category = "Phông chữ"


def check_metadata(app: Sphinx) -> None:
    """The title page and colophon are text too: check the metadata in ``conf.py``."""
    fallbacks = fallback_fonts(app.config, app.confdir)
    if not all(path.is_file() and font_characters(path) for path in fallbacks):
        return  # reported with the chapters
    try:
        covered = book_characters(fallbacks, getattr(app.config, "book_fonts", None))
    except fonts.FontMissing as missing:
        # Nothing can be set without the book's fonts: the build stops here, once, at the
        # line of conf.py that chose it (a SphinxError, so Sphinx does not wrap it).
        where = _conf_location(app, "book_fonts").replace(f"{app.confdir}/", "")
        raise FontNotInstalled(f"{where}: {missing}") from None
    for name in _METADATA:
        value = getattr(app.config, name, "")
        text = " ".join(value) if isinstance(value, (list, tuple)) else str(value or "")
        absent = sorted({char for char in text if ord(char) not in covered and needs_glyph(char)})
        if absent:
            logger.warning(
                "%s: phông chữ của sách không có glyph cho: %s. Hãy thay ký tự hoặc khai báo "
                "phông dự phòng (book_fallback_fonts).",
                name,
                ", ".join(describe(char) for char in absent),
                location=_conf_location(app, name),
                type="book",
                subtype="glyph",
            )


_METADATA = (
    "project",
    "book_title",
    "book_subtitle",
    "book_authors",
    "book_publisher",
    "book_edition",
    "book_license",
    "book_description",
    "book_subjects",
    "book_place",
)


def _conf_location(app: Sphinx, name: str) -> str:
    """``…/conf.py:LINE`` of the line that sets ``name`` (line 1 if it is not set there)."""
    from book.settings import line_of

    return f"{app.confdir}/{line_of(Path(app.confdir, 'conf.py'), name)}"


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _line(node: nodes.Node) -> int:
    for candidate in (node, *_ancestors(node)):
        line = getattr(candidate, "line", None)
        if line:
            return line
    return 0


def setup(app: Sphinx) -> None:
    app.add_config_value("book_fallback_fonts", [], "env", types=frozenset({list, tuple}))
    app.connect("doctree-read", check_glyphs)
    app.connect("builder-inited", check_metadata)
