"""Glossaries in Vietnamese order, and term anchors that keep their Đ.

Sphinx's ``:sorted:`` glossary orders terms by their decomposed lower-case
code points, which puts "Đề án" after "Xã hội số" and "ư" right after "u"
only by accident. A glossary marked ``:sorted:`` is re-sorted here in
Vietnamese order (:mod:`book.vietnamese.collation`); one without the option
keeps the editor's order.

Sphinx makes anchors ASCII through a table of letters that do not decompose;
it knows "đ" but not "Đ", so "Đề án" got ``#term-e-an``. Adding the capital
to that table gives ``#term-De-an``, like every other term's anchor.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import nodes as sphinx_nodes

from book.vietnamese.collation import sort_key


def sort_glossaries(app: Sphinx, doctree: nodes.document) -> None:
    """Re-sort every ``:sorted:`` glossary of the chapter in Vietnamese order."""
    for glossary in doctree.findall(addnodes.glossary):
        if not glossary.get("sorted"):
            continue
        for definitions in glossary.findall(nodes.definition_list):
            items = list(definitions.children)
            items.sort(key=lambda item: sort_key(_first_term(item)))
            definitions.children = []
            definitions.extend(items)


def _first_term(item: nodes.Node) -> str:
    term = next(iter(item.findall(nodes.term)), None)
    return term.astext() if term is not None else item.astext()


def setup(app: Sphinx) -> None:
    # Sphinx's own table of letters NFKD cannot make ASCII ("đ" → "d"); the
    # capital is missing from it.
    sphinx_nodes._non_id_translate.setdefault(0x0110, "D")
    app.connect("doctree-read", sort_glossaries)
