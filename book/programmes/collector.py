"""The register as the build environment holds it: every card of every chapter.

Cards are recorded while their chapter is read (by the directive) and kept per
chapter, so that re-reading one chapter replaces only its cards and parallel
readers' cards are merged. Checks that need the whole book (a symbol
registered twice, an ``implements`` naming no resolution) run once every
chapter has been read.
"""

from __future__ import annotations

import json
from collections.abc import Set
from pathlib import Path
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

from book.programmes.fields import Programme
from book.programmes.placeholder import programme_placeholder

logger = logging.getLogger(__name__)
_ATTRIBUTE = "book_programmes"
_HOSTS = "book_programme_hosts"
_SNAPSHOT = ".programmes-linked.json"  # in the builder's output directory
# The builder at work for an environment: post-transforms need it (to place the
# timeline's image, to link the data files) and Sphinx no longer hands it to them.
_BUILDERS: WeakKeyDictionary[BuildEnvironment, Builder] = WeakKeyDictionary()


def remember_builder(app: Sphinx) -> None:
    _BUILDERS[app.env] = app.builder


def builder_of(env: BuildEnvironment) -> Builder:
    return _BUILDERS[env]


def cards_by_doc(env: BuildEnvironment) -> dict[str, list[Programme]]:
    """Cards per chapter, as read; created empty on first use."""
    if not hasattr(env, _ATTRIBUTE):
        setattr(env, _ATTRIBUTE, {})
    return getattr(env, _ATTRIBUTE)


def hosts(env: BuildEnvironment) -> set[str]:
    """Chapters holding generated back matter (register, indexes, timeline)."""
    if not hasattr(env, _HOSTS):
        setattr(env, _HOSTS, set())
    return getattr(env, _HOSTS)


def programmes(env: BuildEnvironment) -> list[Programme]:
    """Every registered programme, sorted by level, then date of issue, then symbol."""
    cards = [card for docname in sorted(cards_by_doc(env)) for card in cards_by_doc(env)[docname]]
    return sorted(cards, key=Programme.sort_key)


def by_symbol(env: BuildEnvironment) -> dict[str, Programme]:
    """The programme each symbol names (the first one read, if registered twice)."""
    result: dict[str, Programme] = {}
    for card in programmes(env):
        result.setdefault(card.symbol, card)
    return result


def resolutions(env: BuildEnvironment) -> dict[str, str]:
    """Resolutions programmes may implement: key (symbol) → title.

    Those declared in ``conf.py`` (``book_resolutions``; congress resolutions
    have no symbol, so any key will do) first, in their order, then the cards
    of kind “nghị quyết”.
    """
    result = dict(env.config.book_resolutions)
    for card in programmes(env):
        if card.is_resolution:
            result.setdefault(card.symbol, card.title)
    return result


class ProgrammeCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        cards_by_doc(env).pop(docname, None)
        hosts(env).discard(docname)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        theirs = cards_by_doc(other)
        for docname in docnames:
            if docname in theirs:
                cards_by_doc(env)[docname] = theirs[docname]
        hosts(env).update(hosts(other) & set(docnames))

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        # The cards themselves are recorded by the directive as it reads them.
        if next(doctree.findall(programme_placeholder), None) is not None:
            hosts(app.env).add(app.env.current_document.docname)


def _linked(env: BuildEnvironment) -> str:
    return json.dumps(sorted((card.symbol, card.docname) for card in programmes(env)))


def documents_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Chapters whose output depends on other chapters' cards, to write again.

    Sphinx rewrites a page only when its own source changed; but the back
    matter lists every card, and a mention links to a card wherever it is.
    So the back matter is always rewritten, and every page when a symbol was
    registered, dropped or moved since this output was last written.
    """
    snapshot = Path(app.outdir) / _SNAPSHOT
    if not snapshot.exists() or snapshot.read_text(encoding="utf-8") != _linked(env):
        return sorted(env.found_docs)
    return sorted(hosts(env))


def remember_links(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        (Path(app.outdir) / _SNAPSHOT).write_text(_linked(app.env), encoding="utf-8")


def book_path(env: BuildEnvironment, docname: str) -> str:
    """A chapter's path as the press reports it: relative to the book (chapters/x.md)."""
    return Path(env.doc2path(docname)).relative_to(Path(env.srcdir).parent).as_posix()


def check_register(app: Sphinx, env: BuildEnvironment) -> None:
    """Report symbols registered twice and resolutions that are not registered."""
    seen: dict[str, list[Programme]] = {}
    for card in programmes(env):
        seen.setdefault(card.symbol, []).append(card)
    for symbol, (first, *others) in seen.items():
        for card in others:
            for here, there in ((card, first), (first, card)):
                logger.warning(
                    "số, ký hiệu %s được đăng ký hai lần: ở đây và ở %s:%d",
                    symbol,
                    book_path(env, there.docname),
                    there.line,
                    location=(here.docname, here.line),
                    type="book",
                    subtype="programme",
                )
    known = resolutions(env)
    for card in programmes(env):
        for key in card.implements:
            if key not in known:
                logger.warning(
                    "“:thuc-hien: %s” không trỏ tới nghị quyết nào đã đăng ký: thêm thẻ "
                    "{programme} loại “nghị quyết” có số, ký hiệu %s, hoặc khai báo %s "
                    "trong book_resolutions ở conf.py",
                    key,
                    key,
                    key,
                    location=(card.docname, card.line),
                    type="book",
                    subtype="programme",
                )
