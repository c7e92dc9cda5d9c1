"""One print document out of the book's pages.

Each page was rendered on its own, so its ids are only unique within it: two
chapters may both have a section "giai-phap" or a footnote "fn-1". The print
document prefixes every id with its page's name and rewrites every link to
match, so that a cross-reference, a footnote and a table-of-contents entry
always land on the right chapter.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lxml import etree, html

from book import model, svg
from book.pages import Page, blocks, resolve_href

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_DOC_HREF = re.compile(r"^(?P<doc>[^#?]*?)\.html(?:#(?P<anchor>.*))?$")


def anchor(docname: str, ident: str = "") -> str:
    """The id of ``ident`` of ``docname`` in the print document."""
    base = "doc-" + docname.replace("/", "-")
    return f"{base}--{ident}" if ident else base


def chapter_element(page: Page, matter: dict[str, str]) -> html.HtmlElement:
    """The page as a ``<section>`` of the print document, ids and links rewritten.

    ``matter`` maps every page of the book to its part kind (front, body, back):
    a link into the front matter is marked, its page number being roman.
    """
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
            element.set("href", _rewrite_href(page.docname, href, matter))
            if matter.get(_target_doc(page.docname, href, matter)) == model.FRONT:
                element.set("data-front", "")
        src = element.get("src")
        if element.tag == "img" and src and not _has_scheme(src):
            element.set("src", resolve_href(page.docname, src, ".html"))
    for headerlink in section.xpath('.//a[contains(@class, "headerlink")]'):
        headerlink.drop_tree()
    # Sphinx links a scaled image to its file: on paper, and in a PDF sent on
    # by Zalo, that is a link to the press's build directory.
    for image_link in section.xpath('.//a[contains(@class, "image-reference")]'):
        image_link.drop_tag()
    # A glossary term is looked up in the glossary, not by page: no ", trang N".
    for term_link in section.xpath('.//a[.//*[contains(@class, "std-term")]]'):
        term_link.set("class", term_link.get("class", "") + " term-reference")
    _move_footnotes_to_calls(section)
    keep_together(section)
    return section


def _has_scheme(url: str) -> bool:
    return bool(_SCHEME.match(url))


def _target_doc(docname: str, href: str, docnames: dict[str, str]) -> str | None:
    """The page an internal link points to, or None for an outside link."""
    if href.startswith("#"):
        return docname
    if _has_scheme(href):
        return None
    match = _DOC_HREF.match(resolve_href(docname, href, ".html"))
    return match["doc"] if match and match["doc"] in docnames else None


def _rewrite_href(docname: str, href: str, docnames: dict[str, str]) -> str:
    if href.startswith("#"):
        return "#" + anchor(docname, href[1:])
    target = _target_doc(docname, href, docnames)
    if target is None:
        return href
    return "#" + anchor(
        target, _DOC_HREF.match(resolve_href(docname, href, ".html"))["anchor"] or ""
    )


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


class InlineSvg:
    """Puts SVG images inline in the print document.

    WeasyPrint draws an ``<img>`` SVG with the system's fonts; inline, the SVG's
    text is set in the book's own fonts (embedded, with Vietnamese glyphs).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._resolved_root = root.resolve()
        self.markup: dict[str, str] = {}
        self._tokens: dict[str, str | None] = {}  # source → placeholder, for this build

    def add(self, source: str) -> str | None:
        """The placeholder for the SVG file ``source`` (relative to the root), or None
        if it is not a file inside the root, or not a drawing the press can publish
        (reported where Sphinx copies the book's images: book.pages).

        A placeholder depends on the file's name only, so a chapter assembled in
        an earlier build (see book.pdf.kept_chapters) still names its images.
        """
        if source not in self._tokens:
            self._tokens[source] = self._placeholder(source)
        return self._tokens[source]

    def _placeholder(self, source: str) -> str | None:
        path = (self.root / source).resolve()
        if not path.is_file() or not path.is_relative_to(self._resolved_root):
            return None
        digest = hashlib.sha256(source.encode()).hexdigest()
        try:
            markup = _svg(path.read_bytes(), source, f"f{digest[:8]}-")
        except svg.SvgRefused:
            return None
        token = f"@@svg-{digest[:16]}@@"  # _SVG_TOKEN
        self.markup[token] = markup
        return token

    def replace_images(self, section: html.HtmlElement) -> list[str]:
        """Replace the SVG images by placeholders; return the files they stand for."""
        sources = []
        for image in section.xpath('.//img[substring(@src, string-length(@src) - 3) = ".svg"]'):
            token = self.add(image.get("src"))
            if token is None:
                continue
            sources.append(image.get("src"))
            holder = html.Element(
                "span", {"class": "inline-svg", "role": "img", "aria-label": image.get("alt", "")}
            )
            holder.text = token
            holder.tail = image.tail
            image.getparent().replace(image, holder)
        return sources

    def fill(self, document: str) -> str:
        """The document with each drawing in place of its placeholder.

        A drawing shown again gets ids of its own again (its prefix numbered),
        so that one chapter may show the same figure twice.
        """
        shown: dict[str, int] = {}

        def drawing(match: re.Match) -> str:
            token = match[0]
            markup = self.markup.get(token, token)
            shown[token] = count = shown.get(token, 0) + 1
            if count == 1 or token not in self.markup:
                return markup
            prefix = f"f{token[6:14]}-"  # see _placeholder
            return markup.replace(prefix, f"{prefix}{count}-")

        # One pass over the document (one replace per image cost 0.3 s at 120 chapters).
        return _SVG_TOKEN.sub(drawing, document)


def _svg(content: bytes, source: str, id_prefix: str) -> str:
    """The drawing cleaned (book.svg), its ids its own, scaled to the text block.

    The fixed size goes and the viewBox's proportions stay; the file's name
    stays on it, for messages about the figure.
    """
    root = svg.clean(svg.parse(content), id_prefix)
    width, height = root.attrib.pop("width", None), root.attrib.pop("height", None)
    if root.get("viewBox") is None and width and height:
        sizes = [re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:px|pt)?\s*", v) for v in (width, height)]
        if all(sizes):
            root.set("viewBox", f"0 0 {sizes[0][1]} {sizes[1][1]}")
    root.set("width", "100%")
    root.set("data-src", source)
    return etree.tostring(root, encoding="unicode")


# Things a line must not break inside: dates (16/01/2023), Party and State
# document symbols (02-NQ/TU, 30/2020/NĐ-CP, 123/KH-UBND) and year ranges.
_UNBREAKABLE = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{4}\b"
    r"|\b\d+(?:/\d{4})?[/-][A-ZĐ][\wĐđ]*(?:[/-][A-ZĐ][\wĐđ]*)*"
    r"|\b\d{4}[–-]\d{4}\b"
)
_SVG_TOKEN = re.compile(r"@@svg-[0-9a-f]{16}@@")
_VERBATIM = {"pre", "code", "kbd", "samp", "script", "style"}


def keep_together(root: html.HtmlElement) -> None:
    """Wrap dates and document symbols in ``<span class="nobr">``."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in _VERBATIM:
            continue
        if any(ancestor.tag in _VERBATIM for ancestor in element.iterancestors()):
            continue
        if element.text and _UNBREAKABLE.search(element.text):
            pieces = _split(element.text)
            element.text = pieces[0]
            for offset, span in enumerate(pieces[1:]):
                element.insert(offset, span)
        for child in list(element):
            if child.tail and _UNBREAKABLE.search(child.tail):
                pieces = _split(child.tail)
                child.tail = pieces[0]
                for span in reversed(pieces[1:]):
                    child.addnext(span)


def _split(text: str) -> list:
    """``text`` as [leading text, span, span, ...], each span carrying its tail."""
    result: list = [text[: _UNBREAKABLE.search(text).start()]]
    matches = list(_UNBREAKABLE.finditer(text))
    for index, match in enumerate(matches):
        span = html.Element("span", {"class": "nobr"})
        span.text = match.group()
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        span.tail = text[match.end() : end]
        result.append(span)
    return result
