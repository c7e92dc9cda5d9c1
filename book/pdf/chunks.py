"""The print document cut into chunks that WeasyPrint can lay out apart.

The front matter is two chunks: the title pages with the foreword and other
front chapters, then the contents (``CONTENTS``), which print every page
number of the book and are laid out last; each chapter of the body and back
matter is another, a part's title page going with the chapter that follows
it. Every chunk opens on a right-hand page, so its layout does not depend on
what comes before it except through page numbers:
its first folio and the pages of what it refers to in other chunks. Those
are filled in as text (``data-page``) before it is laid out; a link to another
chunk gets a placeholder address that the merge turns back into a link.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import unescape

from lxml import etree, html

FRONT, BODY = "front", "body"
CONTENTS = "contents"  # the chunk of the table of contents
ANCHOR_SCHEME = "book-anchor:"  # a link to another chunk, until the merge resolves it
_PAGE_OF = re.compile(r'data-page-of="([^"]*)"')
# Searched by libxml2: walked element by element in Python, a fifth of the split.
_IDS = etree.XPath("descendant-or-self::*/@id", smart_strings=False)
_LOCAL_LINKS = etree.XPath('descendant-or-self::a[starts-with(@href, "#")]')


@dataclass
class Chunk:
    name: str  # stable across builds: "front", or the chapter's docname
    matter: str  # FRONT or BODY (the body numbering also runs through the back matter)
    markup: str  # a whole HTML document, page numbers of other chunks still to fill in
    anchors: frozenset[str]
    refers_to: frozenset[str] = field(default_factory=frozenset)

    def filled(self, labels: Mapping[str, str]) -> str:
        """The document with the printed page of every target in another chunk."""

        def fill(match: re.Match) -> str:
            label = labels.get(unescape(match[1]))
            return match[0] if label is None else f'{match[0]} data-page="{label}"'

        return _PAGE_OF.sub(fill, self.markup)


def split(document: str) -> list[Chunk]:
    """The print document as chunks, in reading order."""
    root = html.document_fromstring(document)
    # The dates go in at the merge: a chunk that held them would be new at every build.
    for dated in root.xpath('head/meta[starts-with(@name, "dcterms.")]'):
        dated.drop_tree()
    head = html.tostring(root.find("head"), encoding="unicode")
    # Only the front chunk's metadata reaches the book (see book.pdf.merge); the
    # others carry none, so that a new build date does not make them new.
    title = root.find("head/title")
    bare_head = (
        '<head>\n<meta charset="utf-8">\n'
        + (html.tostring(title, encoding="unicode") if title is not None else "")
        + "</head>"
    )
    body = root.find("body")
    main = body.find("main")
    front = [child for child in body if child is not main]
    with_parts = any("part-page" in child.get("class", "") for child in main)
    contents = _contents_of(front)  # taken out of the front matter first
    chunks = [_chunk("front", FRONT, front, head, root, wrapper=None)]
    if contents is not None:
        chunks.append(_chunk(CONTENTS, FRONT, [contents], bare_head, root, wrapper=None))
    group: list[html.HtmlElement] = []
    wrapper = "body-matter with-parts" if with_parts else "body-matter"
    for child in main:
        group.append(child)
        if "part-page" in child.get("class", ""):
            continue  # the part's title page opens the chunk of its first chapter
        name = child.get("data-docname") or child.get("id") or f"chunk-{len(chunks)}"
        chunks.append(_chunk(name, BODY, group, bare_head, root, wrapper=wrapper))
        group = []
    if group:  # a part with no chapter after it
        chunks.append(_chunk(group[0].get("id"), BODY, group, bare_head, root, wrapper=wrapper))
    return chunks


def _contents_of(front: list[html.HtmlElement]) -> html.HtmlElement | None:
    """The contents, taken out of the front matter into a front-matter block of their own.

    They come last in the front matter (see print.html.jinja), so what
    precedes them is laid out without them; they open on a right-hand page
    either way.
    """
    if not front or not len(front[-1]) or front[-1][-1].get("id") != "toc":
        return None
    block = html.Element(front[-1].tag, dict(front[-1].attrib))
    block.attrib.pop("id", None)
    toc = front[-1][-1]
    front[-1].remove(toc)
    block.append(toc)
    if not len(front[-1]) and not (front[-1].text or "").strip():
        front.pop()  # the block held nothing else: it would print an empty page
    return block


def _chunk(
    name: str,
    matter: str,
    elements: list[html.HtmlElement],
    head: str,
    root: html.HtmlElement,
    wrapper: str | None,
) -> Chunk:
    anchors = {anchor for tree in elements for anchor in _IDS(tree) if anchor}
    refers_to = set()
    for tree in elements:
        for link in _LOCAL_LINKS(tree):
            target = link.get("href")[1:]
            if target not in anchors:
                link.set("href", ANCHOR_SCHEME + target)
                link.set("data-page-of", target)
                refers_to.add(target)
    inner = "\n".join(html.tostring(element, encoding="unicode") for element in elements)
    if wrapper:
        inner = f'<main class="{wrapper}">\n{inner}\n</main>'
    language = root.get("lang", "vi")
    markup = (
        f'<!DOCTYPE html>\n<html lang="{language}">\n{head}\n<body>\n{inner}\n</body>\n</html>\n'
    )
    return Chunk(name, matter, markup, frozenset(anchors), frozenset(refers_to))
