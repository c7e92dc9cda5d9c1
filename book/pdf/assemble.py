"""One print document out of the book's pages.

Each page was rendered on its own, so its ids are only unique within it: two
chapters may both have a section "giai-phap" or a footnote "fn-1". The print
document prefixes every id with its page's name and rewrites every link to
match, so that a cross-reference, a footnote and a table-of-contents entry
always land on the right chapter.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html

from book import model
from book.pages import Page, blocks, resolve_href

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_DOC_HREF = re.compile(r"^(?P<doc>[^#?]*?)\.html(?:#(?P<anchor>.*))?$")


def anchor(docname: str, ident: str = "") -> str:
    """The id of ``ident`` of ``docname`` in the print document."""
    base = "doc-" + docname.replace("/", "-")
    return f"{base}--{ident}" if ident else base


def chapter_element(page: Page, docnames: set[str]) -> html.HtmlElement:
    """The page as a ``<section>`` of the print document, ids and links rewritten."""
    kind = page.part.kind if page.part else model.FRONT
    section = html.fragment_fromstring(page.body or "<p></p>", create_parent="section")
    # Numbered before any change, as the ebook numbers them (see book.pages.blocks).
    for number, block in enumerate(blocks(section)):
        block.set("data-block", f"{page.docname}#{number}")
    section.set("id", anchor(page.docname))
    section.set("class", f"chapter {kind}-matter")
    section.set("data-title", page.title)
    section.set("data-docname", page.docname)
    for element in section.iter():
        if not isinstance(element.tag, str):
            continue
        if element is not section and element.get("id"):
            element.set("id", anchor(page.docname, element.get("id")))
        href = element.get("href")
        if element.tag == "a" and href is not None:
            element.set("href", _rewrite_href(page.docname, href, docnames))
        src = element.get("src")
        if element.tag == "img" and src and not _has_scheme(src):
            element.set("src", resolve_href(page.docname, src, ".html"))
    for headerlink in section.xpath('.//a[contains(@class, "headerlink")]'):
        headerlink.drop_tree()
    _move_footnotes_to_calls(section)
    return section


def _has_scheme(url: str) -> bool:
    return bool(_SCHEME.match(url))


def _rewrite_href(docname: str, href: str, docnames: set[str]) -> str:
    if href.startswith("#"):
        return "#" + anchor(docname, href[1:])
    if _has_scheme(href):
        return href
    match = _DOC_HREF.match(resolve_href(docname, href, ".html"))
    if match and match["doc"] in docnames:
        return "#" + anchor(match["doc"], match["anchor"] or "")
    return href


def _move_footnotes_to_calls(section: html.HtmlElement) -> None:
    """Put each footnote's text where it is called, for ``float: footnote``.

    CSS paged media places a footnote at the foot of the page on which its
    element sits in the flow; Sphinx puts footnotes at the end of the page.
    """
    notes = {note.get("id"): note for note in section.xpath('.//aside[@role="doc-footnote"][@id]')}
    for call in section.xpath('.//a[@role="doc-noteref"]'):
        target = call.get("href", "")[1:]
        note = notes.get(target)
        if note is None:
            continue
        body = html.Element("span", {"class": "footnote", "id": target, "role": "note"})
        for paragraph in note.xpath("./p"):
            if len(body):
                body.append(html.Element("br"))
            body.append(_inline_copy(paragraph))
        call.addnext(body)
        body.tail, call.tail = call.tail, None
        call.getparent().remove(call)
        note.set("data-moved", "1")
    for note in notes.values():
        if note.get("data-moved"):
            note.drop_tree()
    for note_list in section.xpath('.//aside[contains(@class, "footnote-list")]'):
        if not len(note_list):
            note_list.drop_tree()


def _inline_copy(paragraph: html.HtmlElement) -> html.HtmlElement:
    span = html.Element("span")
    span.text = paragraph.text
    for child in paragraph:
        span.append(child)
    return span


_XML_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.S)
_SVG_SIZE = re.compile(r'\s(width|height)="[^"]*"')


class InlineSvg:
    """Puts SVG images inline in the print document.

    WeasyPrint draws an ``<img>`` SVG with the system's fonts; inline, the SVG's
    text is set in the book's own fonts (embedded, with Vietnamese glyphs).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.markup: dict[str, str] = {}

    def replace_images(self, section: html.HtmlElement) -> None:
        for image in section.xpath('.//img[substring(@src, string-length(@src) - 3) = ".svg"]'):
            path = (self.root / image.get("src")).resolve()
            if not path.is_file() or not path.is_relative_to(self.root.resolve()):
                continue
            token = f"@@svg-{len(self.markup)}@@"
            self.markup[token] = self._svg(path)
            holder = html.Element(
                "span", {"class": "inline-svg", "role": "img", "aria-label": image.get("alt", "")}
            )
            holder.text = token
            holder.tail = image.tail
            image.getparent().replace(image, holder)

    def fill(self, document: str) -> str:
        for token, markup in self.markup.items():
            document = document.replace(token, markup)
        return document

    @staticmethod
    def _svg(path: Path) -> str:
        text = _XML_PROLOGUE.sub("", path.read_text(encoding="utf-8"))
        start = text.find("<svg")
        end = text.find(">", start)
        # Scale to the text block: drop the fixed size, keep the viewBox's proportions.
        root_tag = _SVG_SIZE.sub("", text[start:end]) + ' width="100%"'
        return text[:start] + root_tag + text[end:]
