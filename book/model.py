"""The model of the book every edition shares: parts, chapters, their order and numbers.

Sphinx knows documents and toctrees; a book also has parts. Here a part is a
toctree of the root document: its caption is the part's title, ``:numbered:``
makes its chapters numbered body matter, and an uncaptioned, unnumbered toctree
before the first part holds the front matter (the foreword).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.util import logging

from book import figure_numbers

FRONT, BODY, BACK = "front", "body", "back"

logger = logging.getLogger(__name__)


@dataclass
class Part:
    title: str
    kind: str  # FRONT, BODY or BACK
    docnames: list[str] = field(default_factory=list)
    number: int = 0  # 1-based among the numbered parts, 0 for front and back matter

    @property
    def has_title_page(self) -> bool:
        return self.kind != FRONT and bool(self.title)


def parts(env: BuildEnvironment) -> list[Part]:
    """The book's parts, in reading order, each with its documents in order."""
    root = env.config.root_doc
    result: list[Part] = []
    seen_body = False
    number = 0
    for toctree in env.get_doctree(root).findall(addnodes.toctree):
        docnames = [doc for doc in _flatten(env, toctree) if doc in env.all_docs]
        if toctree.get("numbered"):
            kind = BODY
            seen_body = True
            number += 1
        else:
            kind = BACK if seen_body else FRONT
        result.append(
            Part(
                title=toctree.get("caption") or "",
                kind=kind,
                docnames=docnames,
                number=number if kind == BODY else 0,
            )
        )
    return result


def reading_order(env: BuildEnvironment) -> list[str]:
    """Every document of the book in reading order, the root first."""
    order = [env.config.root_doc]
    for part in parts(env):
        order.extend(doc for doc in part.docnames if doc not in order)
    return order


def _flatten(env: BuildEnvironment, toctree: addnodes.toctree) -> list[str]:
    """Documents of a toctree, depth first, following nested toctrees."""
    result: list[str] = []
    for _title, ref in toctree["entries"]:
        if ref in env.all_docs and ref not in result:
            result.append(ref)
            _add_included(env, ref, result)
    return result


def _add_included(env: BuildEnvironment, docname: str, result: list[str]) -> None:
    # Sphinx's record of each document's toctrees: no doctree is loaded from disk,
    # which cost a second per build on a book of 60 chapters.
    for included in env.toctree_includes.get(docname, ()):
        if included in env.all_docs and included not in result:
            result.append(included)
            _add_included(env, included, result)


def break_toctree_cycles(app: Sphinx, env: BuildEnvironment) -> None:
    """A contents that leads back to a chapter it is reached from, named and cut.

    Sphinx follows such a loop until Python's recursion limit ("maximum recursion
    depth exceeded", Sphinx 9). Each link that closes a loop is reported at the
    line of the toctree that makes it, and left out, so that the build ends
    with that message.
    """
    path: list[str] = []
    done: set[str] = set()

    def visit(docname: str) -> None:
        path.append(docname)
        for included in list(env.toctree_includes.get(docname, ())):
            if included in path:
                loop = " → ".join([*path[path.index(included) :], included])
                logger.warning(
                    "mục lục vòng: %s. Một chương chỉ được ghi trong mục lục của chương đứng "
                    "trên nó; bỏ dòng “%s” khỏi khối toctree này.",
                    loop,
                    included,
                    location=(docname, _toctree_line(env, docname, included)),
                    type="book",
                    subtype="toctree",
                )
                env.toctree_includes[docname].remove(included)
            elif included not in done:
                visit(included)
        path.pop()
        done.add(docname)

    visit(env.config.root_doc)


def _toctree_line(env: BuildEnvironment, docname: str, included: str) -> int | None:
    """The line of ``docname`` that names ``included`` in a toctree (its first mention)."""
    try:
        lines = env.doc2path(docname).read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return None
    name = included.rsplit("/", 1)[-1]
    for number, line in enumerate(lines, 1):
        entry = line.strip()
        if entry in (included, name) or entry.endswith((f"<{included}>", f"<{name}>")):
            return number
    return None


class BookTocTreeCollector(TocTreeCollector):
    """Sphinx's numbering of sections and figures, with chapters numbered through parts.

    Sphinx restarts numbering in every numbered toctree, so Part II would start
    again at chapter 1 and two chapters would both have a "Hình 1.1". A book
    numbers its chapters through. Sphinx recomputes the numbers from scratch on
    every build and rewrites the documents whose numbers changed; this
    collector shifts them before that comparison, so an edit rewrites only the
    documents it really renumbered. Figures are counted from outlines kept per
    document (``book.figure_numbers``), so only the documents read are loaded.
    """

    # Whether this build read or removed a document: the numbers can only change then.
    touched = False

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.touched = True
        figure_numbers.forget(env, docname)
        super().clear_doc(app, env, docname)

    def merge_other(self, app, env, docnames, other) -> None:
        self.touched = True
        super().merge_other(app, env, docnames, other)

    def process_doc(self, app: Sphinx, doctree) -> None:
        self.touched = True
        super().process_doc(app, doctree)

    def assign_figure_numbers(self, env: BuildEnvironment) -> list[str]:
        return figure_numbers.assign_figure_numbers(env)

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        # An edition built after another from the same reading, with nothing
        # read, keeps the numbers the environment already holds.
        if not self.touched and (env.toc_secnumbers or env.toc_fignumbers):
            return []
        old_secnumbers, old_fignumbers = env.toc_secnumbers, env.toc_fignumbers
        super().get_updated_docs(app, env)
        number_chapters_across_parts(env)
        return sorted(
            docname
            for docname in env.toc_secnumbers.keys() | env.toc_fignumbers.keys()
            if env.toc_secnumbers.get(docname) != old_secnumbers.get(docname)
            or env.toc_fignumbers.get(docname) != old_fignumbers.get(docname)
        )


def number_chapters_across_parts(env: BuildEnvironment) -> list[str]:
    """Shift the numbers Sphinx gave each part's chapters by the chapters before it."""
    offset = 0
    shifted: list[str] = []
    for part in parts(env):
        if part.kind != BODY:
            continue
        top_level = 0
        for docname in part.docnames:
            secnums = env.toc_secnumbers.get(docname)
            if not secnums:
                continue
            top_level = max(top_level, *(num[0] for num in secnums.values() if num))
            if offset:
                _shift_document(env, docname, offset)
                shifted.append(docname)
        offset += top_level
    if shifted and env.config.numfig_secnum_depth > 0:
        _renumber_figures(env)
    return shifted


def _renumber_figures(env: BuildEnvironment) -> None:
    """Count figures, tables and listings afresh within each (now distinct) chapter.

    Sphinx counts them per chapter number; while parts restarted at 1, chapter
    1 of Part I and chapter 1 of Part II shared one count ("Hình 1.1", then
    "Hình 1.2" in what is now chapter 3).
    """
    counters: dict[tuple[str, tuple[int, ...]], int] = {}
    for part in parts(env):
        if part.kind != BODY:
            continue
        for docname in part.docnames:
            for figtype, fignums in env.toc_fignumbers.get(docname, {}).items():
                for figure_id, number in sorted(fignums.items(), key=lambda item: item[1]):
                    key = (figtype, tuple(number[:-1]))
                    counters[key] = counters.get(key, 0) + 1
                    fignums[figure_id] = (*number[:-1], counters[key])


def _shift_document(env: BuildEnvironment, docname: str, offset: int) -> None:
    def shift(number: tuple[int, ...] | list[int] | None):
        if not number:
            return number
        return type(number)([number[0] + offset, *number[1:]])

    env.toc_secnumbers[docname] = {
        anchor: shift(num) for anchor, num in env.toc_secnumbers[docname].items()
    }
    if env.config.numfig_secnum_depth > 0:
        # The counts after the chapter number are put right by _renumber_figures.
        for fignums in env.toc_fignumbers.get(docname, {}).values():
            for figure_id, num in fignums.items():
                fignums[figure_id] = shift(num)
    # The toctree entries shown in navigation carry their own copy of the number.
    for reference in env.tocs[docname].findall(nodes.reference):
        if reference.get("secnumber"):
            reference["secnumber"] = shift(reference["secnumber"])
    title = env.titles.get(docname)
    if title is not None and title.get("secnumber"):
        title["secnumber"] = shift(title["secnumber"])


def setup(app: Sphinx) -> None:
    # Replace Sphinx's own collector (enabled when Sphinx starts, before any
    # extension) by ours, which does the same and numbers through the parts.
    for listener in list(app.events.listeners.get("env-get-updated", [])):
        collector = getattr(listener.handler, "__self__", None)
        if type(collector) is TocTreeCollector:
            collector.disable(app)
    app.add_env_collector(BookTocTreeCollector)
    app.connect("env-check-consistency", break_toctree_cycles)
