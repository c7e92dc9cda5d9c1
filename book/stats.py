"""``invoke stats``: words, figures, tables and print pages per chapter, as a table.

Words, figures and tables are counted in Sphinx's reading of the chapters
(what the reader sees: no Markdown syntax, no comments, no labels). Words are
counted as Vietnamese counts them, syllable by syllable ("chuyển đổi số" is
three). Print pages come from the published PDF, if there is one: it carries a
named destination ``doc-<chapter>`` where each chapter starts (and others
where each part's title page and the contents start), so a chapter runs to
the next of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from book import model
from book.metadata import read_metadata
from book.press import BuildFailed, Layout, check_book, run_sphinx

_WORD = re.compile(r"\w+")
_UNSEEN = (nodes.comment, nodes.raw, nodes.system_message, nodes.substitution_definition)


@dataclass
class ChapterStats:
    docname: str
    title: str
    words: int
    figures: int
    tables: int
    pages: int | None  # None: no PDF, or the chapter is not in it


def count_words(doctree: nodes.Node) -> int:
    """Words (Vietnamese syllables) of the text a reader sees."""
    count = 0
    for text in doctree.findall(nodes.Text):
        if not any(isinstance(ancestor, _UNSEEN) for ancestor in _ancestors(text)):
            count += len(_WORD.findall(text.astext()))
    return count


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def print_pages(pdf: Path) -> dict[str, int]:
    """Pages of each chapter (docname → pages) in the print edition."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    starts = sorted(
        (reader.get_destination_page_number(destination), name)
        for name, destination in reader.named_destinations.items()
        if "--" not in name  # chapters, parts, the contents; not the headings within
    )
    ends = [page for page, _ in starts[1:]] + [len(reader.pages)]
    return {
        name.removeprefix("doc-"): end - start
        for (start, name), end in zip(starts, ends, strict=True)
        if name.startswith("doc-")
    }


def read_book(book_dir: Path) -> Sphinx:
    """Sphinx's reading of the book (its own cache in build/.work/stats; nothing written)."""
    layout = Layout(Path(book_dir))
    check_book(layout)
    app, problems = run_sphinx(
        layout,
        "dummy",
        outdir=layout.work_dir / "stats" / "out",
        doctreedir=layout.work_dir / "stats" / "doctrees",
    )
    if app is None:  # warnings do not stop the counting; errors do
        listed = "\n".join(f"  {problem}" for problem in problems)
        raise BuildFailed(f"Không đọc được sách:\n{listed}")
    return app


def chapter_stats(book_dir: Path) -> list[ChapterStats]:
    """The statistics of every chapter, in reading order."""
    app = read_book(book_dir)
    env = app.env
    slug = read_metadata(app.config).slug
    pdf = Layout(Path(book_dir)).published("pdf", slug)
    pages = print_pages(pdf) if pdf.is_file() else {}
    result = []
    for docname in model.reading_order(env)[1:]:  # the root is the table of contents
        doctree = env.get_doctree(docname)
        number = env.toc_secnumbers.get(docname, {}).get("")
        title = env.titles[docname].astext()
        if number:
            title = f"{'.'.join(map(str, number))}. {title}"
        result.append(
            ChapterStats(
                docname,
                title,
                count_words(doctree),
                sum(1 for _ in doctree.findall(nodes.figure)),
                sum(1 for _ in doctree.findall(nodes.table)),
                pages.get(docname),
            )
        )
    return result


def table(stats: list[ChapterStats], title_width: int = 48) -> str:
    """A plain-text table, one row per chapter and a total; "–" where pages are unknown."""
    header = ("Chương", "Số chữ", "Hình", "Bảng", "Trang in")
    rows = [
        (_cut(s.title, title_width), _n(s.words), str(s.figures), str(s.tables), _pages(s.pages))
        for s in stats
    ]
    known = [s.pages for s in stats if s.pages is not None]
    rows.append(
        (
            "Cộng",
            _n(sum(s.words for s in stats)),
            str(sum(s.figures for s in stats)),
            str(sum(s.tables for s in stats)),
            _n(sum(known)) if len(known) == len(stats) and stats else "–",
        )
    )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

    rule = "  ".join("─" * w for w in widths)
    return "\n".join([line(header), rule, *map(line, rows[:-1]), rule, line(rows[-1])])


def _n(number: int) -> str:
    """Thousands with a dot, as Vietnamese writes them: 12.345."""
    return f"{number:,}".replace(",", ".")


def _pages(pages: int | None) -> str:
    return "–" if pages is None else str(pages)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
