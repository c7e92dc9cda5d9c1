"""Figure, table and listing numbers from an outline of each document, not its doctree.

Sphinx numbers figures by walking the doctree of every document on every build
that reads anything: at 120 chapters that is 120 doctrees unpickled and 16,000
nodes visited (0.6–0.8 s) to renumber a book in which one sentence changed. The
numbers depend on very little of a doctree: the order of its numbered elements,
the sections around them and the toctrees that bring in other documents. That
outline is kept per document in the environment, made once from the doctree
each time the document is read, and the numbers are counted from the outlines
exactly as Sphinx counts them from the doctrees.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment

# A document's outline: a tuple of items in document order, each one of
#   (SECTION, first id of the section, outline of the section's content)
#   (TOCTREE, name of an included document, as the toctree entry has it)
#   (NUMBERED, figure type, first id of the element)
SECTION, TOCTREE, NUMBERED = "section", "toctree", "numbered"
Outline = tuple

# Not named book_*: pages.py signs those, and outlines change with every read.
_ENV_ATTRIBUTE = "figure_outlines"
# Sphinx leaves these toctree entries out of the count (its url_re).
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def assign_figure_numbers(env: BuildEnvironment) -> list[str]:
    """Give every numbered element its number; return the documents whose numbers changed.

    The same contract and result as Sphinx's ``TocTreeCollector.assign_figure_numbers``.
    """
    old_fignumbers = env.toc_fignumbers
    env.toc_fignumbers = {}
    if not env.config.numfig:
        return []
    generated = frozenset(env.domains.standard_domain._virtual_doc_names)
    depth = env.config.numfig_secnum_depth
    counters: dict[str, dict[tuple[int, ...], int]] = {}
    assigned: set[str] = set()

    def walk_document(docname: str, secnum: tuple[int, ...]) -> None:
        if docname not in assigned:
            assigned.add(docname)
            walk(docname, outline_of(env, docname), secnum)

    def walk(docname: str, items: Outline, secnum: tuple[int, ...]) -> None:
        for item in items:
            if item[0] == SECTION:
                walk(docname, item[2], _section_number(env, docname, item[1]) or secnum)
            elif item[0] == TOCTREE:
                included = item[1]
                if not (_EXTERNAL.match(included) or included == "self" or included in generated):
                    walk_document(included, secnum)
            else:
                _, figtype, figure_id = item
                counter = counters.setdefault(figtype, {})
                prefix = secnum[:depth]
                counter[prefix] = counter.get(prefix, 0) + 1
                numbers = env.toc_fignumbers.setdefault(docname, {}).setdefault(figtype, {})
                numbers[figure_id] = (*prefix, counter[prefix])

    walk_document(env.config.root_doc, ())
    return [
        docname
        for docname, fignums in env.toc_fignumbers.items()
        if fignums != old_fignumbers.get(docname)
    ]


def forget(env: BuildEnvironment, docname: str) -> None:
    """Drop a document's outline: it is being read again or removed."""
    getattr(env, _ENV_ATTRIBUTE, {}).pop(docname, None)


def outline_of(env: BuildEnvironment, docname: str) -> Outline:
    """The document's outline, made from its doctree the first time it is asked for."""
    outlines: dict[str, tuple[float, Outline]] = env.__dict__.setdefault(_ENV_ATTRIBUTE, {})
    # The read time guards against a document read again without being forgotten.
    read_at = env.all_docs.get(docname)
    kept = outlines.get(docname)
    if kept is None or kept[0] != read_at:
        kept = (read_at, make_outline(env.get_doctree(docname), _figure_type(env)))
        outlines[docname] = kept
    return kept[1]


def make_outline(element: nodes.Element, figure_type) -> Outline:
    """What of ``element`` the numbering depends on, in document order."""
    items: list = []
    for child in element.children:
        if isinstance(child, nodes.section):
            first_id = child["ids"][0] if child["ids"] else ""
            items.append((SECTION, first_id, make_outline(child, figure_type)))
        elif isinstance(child, addnodes.toctree):
            items.extend((TOCTREE, included) for _title, included in child["entries"])
        elif isinstance(child, nodes.Element):
            figtype = figure_type(child)
            if figtype and child["ids"]:
                items.append((NUMBERED, figtype, child["ids"][0]))
            items.extend(make_outline(child, figure_type))
    return tuple(items)


def _figure_type(env: BuildEnvironment):
    domains = list(env.domains.sorted())

    def figure_type(node: nodes.Element) -> str | None:
        for domain in domains:
            figtype = domain.get_enumerable_node_type(node)
            # Sphinx numbers only captioned figures, tables and listings.
            if isinstance(domain, StandardDomain) and not domain.get_numfig_title(node):
                continue
            if figtype:
                return figtype
        return None

    return figure_type


def _section_number(env: BuildEnvironment, docname: str, first_id: str) -> tuple[int, ...]:
    secnumbers = env.toc_secnumbers.get(docname, {})
    anchor = "#" + first_id
    number = secnumbers.get(anchor) if anchor in secnumbers else secnumbers.get("")
    return tuple(number or ())
