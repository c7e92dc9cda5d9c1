"""The website's navigation tree: resolved once per directory, marked for each page.

Furo asks Sphinx for the whole table of contents on every page, then parses
it again with BeautifulSoup to add its expand switches: work that grows with
the square of the chapters (two thirds of writing a 120-chapter website).
Only the marks of the current page differ from page to page; so the tree is
made once, with no page current, by Sphinx and Furo themselves, and each page
gets a copy with Sphinx's marks (``current`` on the branch down to the page,
the page's own link as ``#``) and Furo's (switches on that branch checked,
``current-page`` on the deepest entry).
"""

from __future__ import annotations

import posixpath
from typing import Any

from lxml import html
from sphinx.application import Sphinx
from sphinx.environment.adapters.toctree import global_toctree_for_doc

from book.html.website import is_website

# The toctree arguments Furo's sidebar asks for (furo._compute_navigation_tree).
FURO_TOCTREE = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}
_NEUTRAL_PAGE = "_book-no-page_"  # a page name no document has: nothing is current
_SWITCH_LABEL = ('aria-label="Toggle navigation of ', 'aria-label="Mở hoặc đóng mục ')


def uses_furo(app: Sphinx) -> bool:
    # Not dirhtml: its pages are directories, and links from them differ in depth.
    return is_website(app) and app.builder.name == "html" and app.config.html_theme == "furo"


class NavigationTrees:
    """Furo's navigation tree for each page, from one tree per directory."""

    def __init__(self) -> None:
        self._neutral: dict[str, str] = {}

    def clear(self, app: Sphinx, *args: Any) -> None:
        self._neutral.clear()

    def neutral(self, app: Sphinx, directory: str) -> str:
        """The tree as a page of ``directory`` sees it, with nothing marked current."""
        if directory not in self._neutral:
            from furo.navigation import get_navigation_tree

            builder = app.builder
            page = posixpath.join(directory, _NEUTRAL_PAGE)
            toctree = global_toctree_for_doc(
                app.env, page, builder, tags=builder.tags, **FURO_TOCTREE
            )
            fragment = builder.render_partial(toctree)["fragment"] if toctree else ""
            self._neutral[directory] = get_navigation_tree(fragment).replace(*_SWITCH_LABEL)
        return self._neutral[directory]

    def for_page(self, app: Sphinx, pagename: str) -> str:
        directory = posixpath.dirname(pagename)
        neutral = self.neutral(app, directory)
        if not neutral:
            return neutral
        # The page's own link, as the other pages of its directory write it.
        href = app.builder.get_relative_uri(posixpath.join(directory, _NEUTRAL_PAGE), pagename)
        return mark_current(neutral, href)


def mark_current(tree: str, href: str) -> str:
    """``tree`` with the entries linking to ``href`` (no anchor) marked as Sphinx and Furo do."""
    root = html.fragment_fromstring(tree, create_parent="div")
    links = [link for link in root.iter("a") if link.get("href") == href]
    if not links:
        return tree
    for link in links:
        link.set("href", "#")
        _add_class(link, "current", first=True)
        for ancestor in link.iterancestors():
            if ancestor is root:
                break
            if ancestor.tag in ("li", "ul"):
                _add_class(ancestor, "current", after="toctree-l")
            if ancestor.tag == "li":
                switch = ancestor.find("input")
                if switch is not None and "checked" not in switch.attrib:
                    # In the order Furo's BeautifulSoup writes attributes: sorted.
                    attributes = sorted([*switch.attrib.items(), ("checked", "")])
                    switch.attrib.clear()
                    switch.attrib.update(attributes)
    current = [item for item in root.iter("li") if "current" in item.get("class", "").split()]
    if current:
        _add_class(current[-1], "current-page")
    return "".join(html.tostring(child, encoding="unicode") for child in root)


def _add_class(element, name: str, *, first: bool = False, after: str = "") -> None:
    """Add a class where Sphinx puts it: first, after the ``toctree-lN`` one, or last."""
    classes = element.get("class", "").split()
    if name in classes:
        return
    if first:
        classes.insert(0, name)
    elif after and classes and classes[0].startswith(after):
        classes.insert(1, name)
    else:
        classes.append(name)
    element.set("class", " ".join(classes))


def setup(app: Sphinx) -> None:
    trees = NavigationTrees()
    furo_toctree = "_book_furo_toctree"

    def before_furo(app: Sphinx, pagename, templatename, context, doctree) -> None:
        # Furo computes its tree from context["toctree"]: give it nothing to do.
        if uses_furo(app) and "toctree" in context:
            context[furo_toctree] = context["toctree"]
            context["toctree"] = lambda **kwargs: ""

    def after_furo(app: Sphinx, pagename, templatename, context, doctree) -> None:
        if furo_toctree in context:
            context["toctree"] = context.pop(furo_toctree)
            context["furo_navigation_tree"] = trees.for_page(app, pagename)

    app.connect("builder-inited", trees.clear)
    app.connect("env-updated", trees.clear)
    app.connect("html-page-context", before_furo, priority=100)
    app.connect("html-page-context", after_furo, priority=900)
