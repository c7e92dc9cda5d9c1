"""Vietnamese text: legacy encodings, conversion, collation, typography, glyph coverage.

- ``convert``    legacy encodings (TCVN3, VNI, VIQR, Windows-1258) → Unicode NFC
- ``encodings``  what a file most likely is: non-UTF-8 bytes or mojibake in UTF-8
- ``fix``        ``./press fix-encoding``: convert files in place, keeping a backup
- ``collation``  Vietnamese alphabetical order (CLDR ``vi``, syllable by syllable)
- ``glossary``   glossaries sorted in that order, term anchors that keep their Đ
- ``abbreviations`` abbreviations explained from the appendix's table
- ``glyphs``     every character of the book has a glyph in the book's fonts
- ``typography`` Vietnamese quotes, dashes and spacing
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def inside(node: nodes.Node, kinds: tuple[type[nodes.Node], ...]) -> bool:
    """Whether one of ``node``'s ancestors is of one of ``kinds`` (code, a title...)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent
    return False


def setup(app: Sphinx) -> None:
    """Register the checks and transforms that run while the chapters are read."""
    from book.vietnamese import abbreviations, glossary, glyphs, typography

    abbreviations.setup(app)
    glossary.setup(app)
    glyphs.setup(app)
    typography.setup(app)
