"""Abbreviations explained from the book's own list, in every chapter.

The appendix holds a table of abbreviations (first column the abbreviation,
second its meaning) named in ``conf.py``::

    book_abbreviations = "tbl-chu-viet-tat"   # the table's :name:; "" turns this off

That table is sorted in Vietnamese order, and every standalone use of an
abbreviation elsewhere becomes a Docutils ``abbreviation`` node carrying its
``explanation``: ``<abbr title="Ủy ban nhân dân">UBND</abbr>`` on the website
and in the ebook. Print has no tooltips, so in the print edition the first
use in each chapter is spelled out: "Ủy ban nhân dân (UBND)".

Abbreviations inside document numbers ("05-NQ/TU", "50/NQ-CP") are part of
the number and are left alone, as are headings, code and the chapter that holds the table.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from book.vietnamese import inside
from book.vietnamese.collation import sort_key

PRINT_BUILDERS = frozenset({"pdf"})
# Where an abbreviation would be wrong or is already explained.
_SKIPPED = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.raw,
    nodes.comment,
    nodes.title,
    nodes.abbreviation,
    nodes.acronym,
)


def read_table(table: nodes.table) -> dict[str, str]:
    """Abbreviation → meaning, from the body rows of a two-column table.

    "TƯ/TW" defines both spellings.
    """
    found: dict[str, str] = {}
    for row in table.findall(nodes.row):
        if isinstance(row.parent, nodes.thead):
            continue
        cells = [entry.astext().strip() for entry in row.findall(nodes.entry)]
        if len(cells) < 2 or not cells[0] or not cells[1]:
            continue
        for spelling in cells[0].split("/"):
            found[spelling.strip()] = cells[1]
    return found


def sort_table(table: nodes.table) -> None:
    """Put the table's body rows in Vietnamese order of their first cell."""
    for body in table.findall(nodes.tbody):
        rows = list(body.children)
        rows.sort(key=lambda row: sort_key(row.astext().split("\n", 1)[0]))
        body.children = []
        body.extend(rows)


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """Read (and sort) the abbreviations table when its chapter is read."""
    name = app.config.book_abbreviations
    if not name:
        return
    for table in doctree.findall(nodes.table):
        if name in table["ids"] or name in table["names"]:
            sort_table(table)
            app.env.book_abbreviations = read_table(table)  # type: ignore[attr-defined]
            app.env.book_abbreviations_doc = app.env.docname  # type: ignore[attr-defined]


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    if getattr(env, "book_abbreviations_doc", None) == docname:
        env.book_abbreviations = {}  # type: ignore[attr-defined]
        env.book_abbreviations_doc = None  # type: ignore[attr-defined]


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    if getattr(other, "book_abbreviations_doc", None) in docnames:
        env.book_abbreviations = other.book_abbreviations  # type: ignore[attr-defined]
        env.book_abbreviations_doc = other.book_abbreviations_doc  # type: ignore[attr-defined]


def mark(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn each standalone abbreviation of the chapter into an ``abbreviation`` node."""
    known: dict[str, str] = getattr(app.env, "book_abbreviations", {})
    if not known or docname == getattr(app.env, "book_abbreviations_doc", None):
        return
    pattern = _pattern(tuple(known))
    spell_out_first = app.builder.name in PRINT_BUILDERS
    seen: set[str] = set()
    for text in list(doctree.findall(nodes.Text)):
        if inside(text, _SKIPPED) or not pattern.search(str(text)):
            continue
        replacement: list[nodes.Node] = []
        position = 0
        source = str(text)
        for match in pattern.finditer(source):
            if match.start() > position:
                replacement.append(nodes.Text(source[position : match.start()]))
            abbreviation = match[0]
            node = nodes.abbreviation(abbreviation, abbreviation, explanation=known[abbreviation])
            # "Ủy ban nhân dân (UBND)" typed by the editor is spelled out already.
            spelled = source[: match.start()].endswith(f"{known[abbreviation]} (")
            if spell_out_first and abbreviation not in seen and not spelled:
                replacement += [nodes.Text(f"{known[abbreviation]} ("), node, nodes.Text(")")]
            else:
                replacement.append(node)
            seen.add(abbreviation)
            position = match.end()
        if position < len(source):
            replacement.append(nodes.Text(source[position:]))
        text.parent.replace(text, replacement)


def _pattern(abbreviations: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first ("NQ-CP" before "NQ"); not inside a word or a document
    # number, whose parts are joined by "-" and "/".
    alternatives = "|".join(
        re.escape(item) for item in sorted(abbreviations, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w/-])(?:{alternatives})(?![\w/-])")


def setup(app: Sphinx) -> None:
    app.add_config_value("book_abbreviations", "tbl-chu-viet-tat", "env", types=frozenset({str}))
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-resolved", mark)
