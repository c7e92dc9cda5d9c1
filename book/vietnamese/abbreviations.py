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

Spelling out never rewrites the author (``book_abbreviations_spell_out = False``
turns it off). A use is left as written where the author explained it already
(the meaning in the same paragraph, in any case, or the abbreviation in
parentheses after its own words: "tổng sản phẩm trong nước (GDP)"), inside a
title, caption, link, term or bold name, and inside a name: the abbreviation
following a content word ("sản phẩm OCOP", "Ban cán sự đảng UBND tỉnh") is
part of that name. Only an abbreviation opening a sentence or following a
function word ("của", "và", "trong"...) is spelled out, and inside a sentence in
lower case unless the meaning is the name of a body ("Ủy ban nhân dân").
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
# Where a first use is not spelled out: names, titles, captions and links.
_NOT_SPELLED_OUT = (
    nodes.caption,
    nodes.rubric,
    nodes.reference,
    nodes.strong,
    nodes.term,
    nodes.field_name,
    nodes.entry,
)
# Words after which an abbreviation stands as a noun of its own (not inside a name).
FUNCTION_WORDS = frozenset(
    (
        "của", "và", "với", "cho", "tại", "trong", "ngoài", "theo", "về", "do", "bởi", "từ",
        "đến", "tới", "các", "những", "mọi", "là", "được", "bị", "có", "thuộc", "giữa", "trên",
        "dưới", "qua", "vào", "ra", "để", "nhằm", "cùng", "hoặc", "hay", "như", "nhưng", "mà",
        "thì", "nên", "vì", "khi", "sau", "trước", "giao", "gồm", "đối", "phối", "hợp", "chủ",
        "trì",
    )
)  # fmt: skip
# Bodies, whose names keep their capital inside a sentence (Nghị định 30/2020/NĐ-CP).
_BODIES = (
    "Ủy ban", "Ban", "Hội đồng", "Hội", "Mặt trận", "Bộ", "Sở", "Phòng", "Văn phòng",
    "Đảng", "Đoàn", "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quốc hội", "Chính phủ", "Nhà nước",
    "Trung ương", "Tòa án", "Viện", "Công an", "Quân", "Liên đoàn", "Tổng cục", "Cục",
)  # fmt: skip
_WORD_BEFORE = re.compile(r"(\w+)\W*$")


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
    spell_out_first = app.builder.name in PRINT_BUILDERS and app.config.book_abbreviations_spell_out
    seen: set[str] = set()
    for text in list(doctree.findall(nodes.Text)):
        if inside(text, _SKIPPED) or not pattern.search(str(text)):
            continue
        replacement: list[nodes.Node] = []
        position = 0
        source = str(text)
        spelling_allowed = spell_out_first and not inside(text, _NOT_SPELLED_OUT)
        for match in pattern.finditer(source):
            if match.start() > position:
                replacement.append(nodes.Text(source[position : match.start()]))
            abbreviation = match[0]
            meaning = known[abbreviation]
            node = nodes.abbreviation(abbreviation, abbreviation, explanation=meaning)
            if (
                spelling_allowed
                and abbreviation not in seen
                and _stands_alone(source, match)
                and not _explained(text, source, match, meaning)
            ):
                start = _sentence_start(source, match.start(), text)
                written = meaning if start or _is_body(meaning) else _lower_first(meaning)
                replacement += [nodes.Text(f"{written} ("), node, nodes.Text(")")]
            else:
                replacement.append(node)
            seen.add(abbreviation)
            position = match.end()
        if position < len(source):
            replacement.append(nodes.Text(source[position:]))
        text.parent.replace(text, replacement)


def _explained(text: nodes.Text, source: str, match: re.Match, meaning: str) -> bool:
    """The author gave the meaning: in parentheses after it, or anywhere in the paragraph."""
    before, after = source[: match.start()].rstrip(), source[match.end() :].lstrip()
    if before.endswith("(") and after.startswith(")"):
        return True
    paragraph = text.parent
    while paragraph is not None and not isinstance(paragraph, nodes.TextElement):
        paragraph = paragraph.parent
    while paragraph is not None and isinstance(paragraph.parent, nodes.TextElement):
        paragraph = paragraph.parent
    whole = paragraph.astext() if paragraph is not None else source
    return meaning.casefold() in " ".join(whole.split()).casefold()


def _stands_alone(source: str, match: re.Match) -> bool:
    """Not inside a name: at the start, after punctuation, or after a function word."""
    before = source[: match.start()]
    if not before.strip() or not before.rstrip()[-1].isalnum():
        return True
    word = _WORD_BEFORE.search(before)
    return word is not None and word[1].casefold() in FUNCTION_WORDS


def _sentence_start(source: str, start: int, text: nodes.Text) -> bool:
    before = source[:start].rstrip()
    if before:
        return before[-1] in ".!?:;\n•–—"
    # First in its text node: a sentence starts there if the node opens its paragraph.
    previous = text.parent.children[: text.parent.index(text)] if text.parent else []
    return not any(str(node.astext()).strip() for node in previous)


def _is_body(meaning: str) -> bool:
    return meaning.startswith(_BODIES) or any(word[:1].isupper() for word in meaning.split()[1:])


def _lower_first(meaning: str) -> str:
    return meaning[:1].lower() + meaning[1:]


def _pattern(abbreviations: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first ("NQ-CP" before "NQ"); not inside a word or a document
    # number, whose parts are joined by "-" and "/".
    alternatives = "|".join(
        re.escape(item) for item in sorted(abbreviations, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w/-])(?:{alternatives})(?![\w/-])")


def setup(app: Sphinx) -> None:
    app.add_config_value("book_abbreviations", "tbl-chu-viet-tat", "env", types=frozenset({str}))
    # The print edition spells out the first use in each chapter (False: never).
    app.add_config_value("book_abbreviations_spell_out", True, "env", types=frozenset({bool}))
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-resolved", mark)
