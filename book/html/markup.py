"""Corrections to the HTML that Sphinx and Furo write, so every page validates.

- Furo wraps each table in a ``div.table-wrapper`` and copies the table's
  attributes onto it, ids included: the id then appears twice on the page
  (an error for the Nu Html Checker, and a link that may land on either).
- Sphinx writes a toctree caption (a part's title, "Phần I. …") as
  ``<p role="heading">`` without the ``aria-level`` that role requires (axe
  reports it as critical); screen readers then cannot place it in the outline.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

WRAPPERS = ("table-wrapper", "math-wrapper")


class UniqueWrapperIds(SphinxPostTransform):
    """Leave each id on the table (or formula) itself, not also on Furo's wrapper."""

    formats = ("html",)
    default_priority = 501  # just after Furo's WrapTableAndMathInAContainerTransform (500)

    def run(self, **kwargs: Any) -> None:
        for wrapper in self.document.findall(nodes.container):
            if not any(name in wrapper["classes"] for name in WRAPPERS) or not wrapper.children:
                continue
            inner_ids = set(wrapper.children[0]["ids"])
            wrapper["ids"] = [i for i in wrapper["ids"] if i not in inner_ids]


class BookHTMLTranslator(HTML5Translator):
    """Sphinx's HTML5 writer with part titles in tables of contents as level-2 headings."""

    def visit_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, addnodes.compact_paragraph) and parent.get("toctree"):
            attributes = {"class": "caption", "role": "heading", "aria-level": "2"}
            self.body.append(self.starttag(node, "p", "", **attributes))
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
            return
        super().visit_title(node)
