"""The text each glyph of a font stands for, ligatures and alternates included.

A PDF's ToUnicode map tells a reader's software which text a glyph shows.
WeasyPrint writes it, for a font embedded whole, from the font's character map
alone: a glyph the layout reaches through substitutions (the "ffi" of
"affine", the "fl" of "Netflix", a tabular or localised alternate) maps to
nothing, and the word reads back as "a ne". The substitutions that lead to a
glyph say what it shows: an alternate shows what its source glyph shows, a
ligature what its components show, in order. A ligature that the character
map also lists as a presentation form ("ﬁ", U+FB01) reads as its letters ("fi"),
the text its reader typed.
"""

from __future__ import annotations

import unicodedata

from fontTools.ttLib import TTFont

_SINGLE, _MULTIPLE, _ALTERNATE, _LIGATURE, _EXTENSION = 1, 2, 3, 4, 7


def glyph_texts(font: TTFont) -> dict[int, str]:
    """Glyph id -> the text it shows, for every glyph its character map or GSUB reaches."""
    texts: dict[str, str] = {}
    presentation: dict[str, str] = {}  # "ﬁ" (U+FB01): what "fi" shows, but not what is read
    for code, name in sorted(font.getBestCmap().items()):
        character = chr(code)
        decomposed = unicodedata.normalize("NFKC", character)
        if len(decomposed) > 1 and decomposed.isalpha():
            presentation.setdefault(name, character)
        else:
            texts.setdefault(name, character)  # the lowest code point of a shared glyph
    subtables = list(_substitutions(font))
    changed = True
    while changed:  # a ligature of alternates, an alternate of a ligature...
        changed = False
        for kind, subtable in subtables:
            for glyph, text in _reached(kind, subtable, texts):
                if glyph not in texts:
                    texts[glyph] = text
                    changed = True
    for name, character in presentation.items():
        texts.setdefault(name, character)  # a ligature form no substitution reaches
    return {font.getGlyphID(name): text for name, text in texts.items()}


def _substitutions(font: TTFont):
    if "GSUB" not in font or font["GSUB"].table.LookupList is None:
        return
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for subtable in lookup.SubTable:
            kind = lookup.LookupType
            if kind == _EXTENSION:
                kind, subtable = subtable.ExtensionLookupType, subtable.ExtSubTable
            if kind in (_SINGLE, _ALTERNATE, _LIGATURE):
                yield kind, subtable


def _reached(kind: int, subtable, texts: dict[str, str]):
    """(glyph, text) for each glyph the subtable substitutes from glyphs of known text."""
    if kind == _SINGLE:
        for source, target in subtable.mapping.items():
            if source in texts:
                yield target, texts[source]
    elif kind == _ALTERNATE:
        for source, alternates in subtable.alternates.items():
            if source in texts:
                yield from ((alternate, texts[source]) for alternate in alternates)
    else:
        for first, ligatures in subtable.ligatures.items():
            for ligature in ligatures:
                components = [first, *ligature.Component]
                if all(component in texts for component in components):
                    yield ligature.LigGlyph, "".join(texts[c] for c in components)
