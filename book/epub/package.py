"""The ebook's package: XHTML content documents made from the book's pages, and the EPUB.

Nothing here knows Sphinx. The builder hands over HTML fragments and the
edition's metadata; this module

- turns each fragment into an XHTML content document (namespaced, ``lang`` and
  ``xml:lang`` set, Sphinx's web-only ``¶`` links and image links removed,
  footnotes marked for pop-ups, chapter semantics added, the print edition's
  page breaks marked where its page map says),
- makes the cover page, the title page, part pages and the navigation document
  (contents, landmarks, page list),
- checks every link and image so that nothing in the book points nowhere,
- and writes the EPUB with ebooklib so that the same inputs always give the
  same bytes (fixed zip timestamps, ``mimetype`` first and stored).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ebooklib import epub
from lxml import etree, html

from book.metadata import Metadata
from book.pages import blocks

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SVG_NS = "http://www.w3.org/2000/svg"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
XLINK_NS = "http://www.w3.org/1999/xlink"
NSMAP = {None: XHTML_NS, "epub": EPUB_NS}
NS = {"h": XHTML_NS}
EPUB_TYPE = f"{{{EPUB_NS}}}type"
XML_LANG = f"{{{XML_NS}}}lang"

FRONT, BODY, BACK = "front", "body", "back"

# Media types of the images an EPUB 3 reading system must support (core media types).
IMAGE_TYPES = {
    ".gif": "image/gif",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}

# The words the press itself puts in the book, by language; Vietnamese is the book's.
LABELS = {
    "vi": {
        "cover": "Bìa",
        "cover_alt": "Bìa sách: {title}",
        "titlepage": "Trang tên sách",
        "toc": "Mục lục",
        "landmarks": "Điểm mốc",
        "bodymatter": "Bắt đầu đọc",
        "version": "Phiên bản",
        "isbn": "ISBN",
        "identifier": "Mã định danh",
        "page_list": "Trang của bản in",
        "print_edition": "{title} (bản in)",
        "page_summary": (
            " Số trang của bản in được đánh dấu trong văn bản, có danh sách trang để mở đúng "
            "trang đang được nhắc tới."
        ),
        "a11y_summary": (
            "Sách điện tử có thể đọc hoàn toàn bằng văn bản: mục lục theo phần, chương và mục; "
            "thứ tự đọc theo sách in; đề mục có cấu trúc để điều hướng; mọi hình minh họa đều có "
            "văn bản thay thế; chú thích liên kết hai chiều với lời dẫn. Không có âm thanh, "
            "hình động hay nội dung nhấp nháy."
        ),
    },
    "en": {
        "cover": "Cover",
        "cover_alt": "Cover: {title}",
        "titlepage": "Title page",
        "toc": "Contents",
        "landmarks": "Landmarks",
        "bodymatter": "Start of content",
        "version": "Version",
        "isbn": "ISBN",
        "identifier": "Identifier",
        "page_list": "Print page numbers",
        "print_edition": "{title} (print edition)",
        "page_summary": (
            " The print edition's page numbers are marked in the text, with a page list to go to "
            "any page."
        ),
        "a11y_summary": (
            "Fully readable as text: a table of contents by part, chapter and section; the "
            "print reading order; structured headings for navigation; text alternatives for "
            "every illustration; footnotes linked both ways. No sound, animation or flashing."
        ),
    },
}


def labels(language: str) -> dict[str, str]:
    return LABELS.get(language.split("-")[0].lower(), LABELS["en"])


def h(tag: str) -> str:
    """An XHTML tag name in Clark notation."""
    return f"{{{XHTML_NS}}}{tag}"


# -- Documents -----------------------------------------------------------------------------


@dataclass
class Document:
    """One XHTML content document of the ebook."""

    file_name: str  # path inside the package folder, e.g. "01-chuong.xhtml"
    title: str
    root: etree._Element  # <html>
    uid: str
    kind: str  # cover, titlepage, nav, part, chapter
    matter: str = FRONT
    linear: bool = True

    @property
    def body(self) -> etree._Element:
        return self.root.find(h("body"))

    @property
    def properties(self) -> list[str]:
        """Manifest properties the content calls for (EPUBCheck checks they match)."""
        found = []
        if self.kind == "nav":
            found.append("nav")
        if self.root.find(f".//{{{MATHML_NS}}}math") is not None:
            found.append("mathml")
        if self.shows_svg:
            found.append("svg")
        if self.root.find(f".//{h('script')}") is not None:
            found.append("scripted")
        return found

    @property
    def shows_svg(self) -> bool:
        """An SVG drawing is part of the text (an illustration for the accessMode)."""
        return self.body.find(f".//{{{SVG_NS}}}svg") is not None

    def ids(self) -> set[str]:
        return {element.get("id") for element in self.root.iter() if element.get("id")}

    def text(self) -> str:
        return "".join(self.body.itertext())


def new_document(
    file_name: str,
    title: str,
    *,
    uid: str,
    kind: str,
    language: str,
    stylesheet: str,
    matter: str = FRONT,
    body_type: str | None = None,
    body_class: str | None = None,
) -> Document:
    root = etree.Element(h("html"), nsmap=NSMAP)
    root.set("lang", language)
    root.set(XML_LANG, language)
    head = etree.SubElement(root, h("head"))
    # Redundant for XML parsers; for tools that read the file as HTML it is the encoding.
    etree.SubElement(head, h("meta"), charset="utf-8")
    etree.SubElement(head, h("title")).text = title
    etree.SubElement(
        head,
        h("link"),
        rel="stylesheet",
        type="text/css",
        href=posixpath.relpath(stylesheet, posixpath.dirname(file_name) or "."),
    )
    body = etree.SubElement(root, h("body"))
    if body_type:
        body.set(EPUB_TYPE, body_type)
    if body_class:
        body.set("class", body_class)
    return Document(file_name, title, root, uid, kind, matter)


# HTML's void elements: the only ones written as <tag/>. Any other empty element is
# written <tag></tag>, which XML and HTML parsers (and converters) read the same way.
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def serialize(document: Document) -> bytes:
    """The document as a UTF-8 XHTML file, its text in Unicode NFC."""
    for element in document.root.iter(f"{{{XHTML_NS}}}*"):
        if element.text is None and not len(element) and etree.QName(element).localname not in VOID:
            element.text = ""
    markup = etree.tostring(document.root, encoding="unicode")
    text = f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n{markup}\n'
    return unicodedata.normalize("NFC", text).encode("utf-8")


# -- HTML fragments → XHTML ------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FOREIGN = {"svg": SVG_NS, "math": MATHML_NS}
# HTML parsers lower-case names; SVG's are case-sensitive in XHTML. The HTML
# standard's tables of the names to restore ("adjust SVG attributes/tag names").
_SVG_NAMES = {
    name.lower(): name
    for name in (  # noqa: SIM905 - a word list reads better than 95 quoted strings
        "attributeName attributeType baseFrequency baseProfile calcMode clipPathUnits "
        "diffuseConstant edgeMode filterUnits glyphRef gradientTransform gradientUnits "
        "kernelMatrix kernelUnitLength keyPoints keySplines keyTimes lengthAdjust "
        "limitingConeAngle markerHeight markerUnits markerWidth maskContentUnits maskUnits "
        "numOctaves pathLength patternContentUnits patternTransform patternUnits pointsAtX "
        "pointsAtY pointsAtZ preserveAlpha preserveAspectRatio primitiveUnits refX refY "
        "repeatCount repeatDur requiredExtensions requiredFeatures specularConstant "
        "specularExponent spreadMethod startOffset stdDeviation stitchTiles surfaceScale "
        "systemLanguage tableValues targetX targetY textLength viewBox viewTarget "
        "xChannelSelector yChannelSelector zoomAndPan "
        "altGlyph altGlyphDef altGlyphItem animateColor animateMotion animateTransform "
        "clipPath feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix "
        "feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA "
        "feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology "
        "feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence "
        "foreignObject linearGradient radialGradient textPath"
    ).split()
}


def _has_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


# Marks, while the fragment is still Sphinx's HTML, the block a printed page starts with.
_PAGE_START = "data-book-page-start"


def import_fragment(markup: str, page_starts: Mapping[int, str] | None = None) -> etree._Element:
    """An HTML fragment from Sphinx as an XHTML ``<div>``, web-only parts removed.

    Removed: the ``¶`` permalinks (``a.headerlink``) and the links Sphinx wraps
    around scaled images (they point at the image file, which is not a page of
    the book, and EPUBCheck rejects hyperlinks to non-spine resources).

    ``page_starts`` maps a block's ordinal (:func:`book.pages.blocks`) to the
    label of the printed page that starts with it; a page-break marker goes
    before each such block. Raises :class:`PageMapMismatch` when the map names
    a block the page does not have.
    """
    wrapper = html.fragment_fromstring(_NOT_XML.sub("", markup), create_parent="div")
    if page_starts:
        # Counted on this parse, before any change, as the print edition counted them.
        found = blocks(wrapper)
        for ordinal, label in page_starts.items():
            if not 0 <= ordinal < len(found):
                raise PageMapMismatch(ordinal, len(found))
            found[ordinal].set(_PAGE_START, label)
    for link in wrapper.xpath(f".//a[{_has_class('headerlink')}]"):
        link.drop_tree()
    for link in wrapper.xpath(f".//a[{_has_class('image-reference')}]"):
        link.drop_tag()
    div = etree.Element(h("div"), nsmap=NSMAP)
    div.text = wrapper.text
    for child in wrapper:
        _copy_into(div, child, XHTML_NS)
    if page_starts:
        _insert_page_breaks(div)
    return div


class PageMapMismatch(ValueError):
    """The print edition's page map does not fit the page (it was made from other sources)."""

    def __init__(self, ordinal: int, count: int):
        super().__init__(f"khối thứ {ordinal} không có (trang chỉ có {count} khối)")


def _insert_page_breaks(div: etree._Element) -> None:
    """A page-break marker where each printed page starts (EPUB 3.3, DPUB-ARIA).

    ``<span epub:type="pagebreak" role="doc-pagebreak" id="page-45" aria-label="45">``
    goes before the block, or first inside it where nothing but items may
    precede it (list items, terms and definitions).
    """
    taken = {element.get("id") for element in div.iter() if element.get("id")}
    for block in div.xpath(f".//*[@{_PAGE_START}]"):
        label = block.attrib.pop(_PAGE_START)
        ident = free_id("page-" + _id_safe(label), taken)
        marker = etree.Element(h("span"), {"id": ident, "role": "doc-pagebreak"})
        marker.set(EPUB_TYPE, "pagebreak")
        marker.set("aria-label", label)
        if etree.QName(block).localname in ("li", "dt", "dd"):
            marker.tail, block.text = block.text, None
            block.insert(0, marker)
        else:
            block.addprevious(marker)


def _id_safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", unicodedata.normalize("NFKD", text)).strip("-") or "x"


def free_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not yet in ``taken`` (then taken)."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def _copy_into(parent: etree._Element, source, namespace: str) -> None:
    tag = source.tag
    if not isinstance(tag, str):  # a comment or processing instruction: keep only its tail
        _append_text(parent, source.tail)
        return
    nsmap = None
    if namespace == XHTML_NS and tag.lower() in _FOREIGN:  # inline SVG or MathML
        namespace = _FOREIGN[tag.lower()]
        nsmap = {None: namespace}
    if namespace == SVG_NS:
        tag = _SVG_NAMES.get(tag, tag)
    try:
        element = etree.SubElement(parent, f"{{{namespace}}}{tag}", nsmap=nsmap)
    except ValueError:  # not an XML name (stray raw HTML): keep its text
        _append_text(parent, source.text_content() + (source.tail or ""))
        return
    for name, value in source.attrib.items():
        if namespace == SVG_NS:
            name = _SVG_NAMES.get(name, name)
        elif namespace == MATHML_NS and name == "definitionurl":
            name = "definitionURL"
        _set_attribute(element, name, value)
    element.text = source.text
    for child in source:
        _copy_into(element, child, namespace)
    element.tail = source.tail


def _set_attribute(element: etree._Element, name: str, value: str) -> None:
    prefixes = {"xml": XML_NS, "epub": EPUB_NS, "xlink": XLINK_NS}
    prefix, _, local = name.partition(":")
    try:
        if local and prefix in prefixes:
            element.set(f"{{{prefixes[prefix]}}}{local}", value)
        elif not local and not name.startswith("xmlns"):
            element.set(name, value)
    except ValueError:
        pass  # not an XML attribute name; a browser would ignore it too


def _append_text(parent: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def mark_semantics(div: etree._Element) -> None:
    """EPUB semantics on what Sphinx rendered: footnotes, notes, headings."""
    for call in div.xpath('.//h:a[@role="doc-noteref"]', namespaces=NS):
        call.set(EPUB_TYPE, "noteref")
    for note in div.xpath('.//h:aside[@role="doc-footnote"]', namespaces=NS):
        note.set(EPUB_TYPE, "footnote")
    for notes in div.xpath(f".//h:aside[{_has_class('footnote-list')}]", namespaces=NS):
        notes.set(EPUB_TYPE, "footnotes")
    for admonition in div.xpath(f".//h:div[{_has_class('admonition')}]", namespaces=NS):
        if admonition.get("role") is None:
            admonition.set("role", "note")
    for heading in div.xpath('.//*[@role="heading"][not(@aria-level)]'):
        heading.set("aria-level", "2")  # ARIA requires a level on role="heading"


# -- The book's documents ------------------------------------------------------------------


@dataclass
class NavEntry:
    title: str
    href: str
    kind: str  # part, chapter, section
    children: list[NavEntry] = field(default_factory=list)


@dataclass
class Chapter:
    document: Document
    entry: NavEntry
    pages: list[NavEntry] = field(default_factory=list)  # printed pages starting here


def chapter(
    fragment: str,
    *,
    file_name: str,
    uid: str,
    fallback_title: str,
    matter: str,
    language: str,
    stylesheet: str,
    page_starts: Mapping[int, str] | None = None,
) -> Chapter:
    """One of the book's pages as a content document, with its table-of-contents entry.

    ``page_starts``: the printed pages that start in this page (block ordinal →
    page label), marked in the text and listed in :attr:`Chapter.pages`.
    """
    div = import_fragment(fragment, page_starts)
    mark_semantics(div)
    top = div.find(h("section"))
    heading = top.find(h("h1")) if top is not None else None
    title = _heading_text(heading) if heading is not None else fallback_title
    document = new_document(
        file_name,
        title or fallback_title,
        uid=uid,
        kind="chapter",
        language=language,
        stylesheet=stylesheet,
        matter=matter,
        body_type=f"{matter}matter",
    )
    if top is not None:
        semantics = {
            FRONT: ("foreword", "doc-foreword"),
            BODY: ("chapter", "doc-chapter"),
            BACK: ("appendix", "doc-appendix"),
        }
        if matter in semantics:
            epub_type, role = semantics[matter]
            top.set(EPUB_TYPE, epub_type)
            if top.get("role") is None:
                top.set("role", role)
        top.set("class", " ".join(filter(None, [top.get("class"), "chapter", f"{matter}-matter"])))
    _move_children(div, document.body)
    href = quote(file_name)
    entry = NavEntry(title or fallback_title, href, "chapter")
    if top is not None:
        for section in top.xpath("./h:section[@id][h:h2]", namespaces=NS):
            text = _heading_text(section.find(h("h2")))
            entry.children.append(NavEntry(text, f"{href}#{quote(section.get('id'))}", "section"))
    pages = [
        NavEntry(marker.get("aria-label"), f"{href}#{quote(marker.get('id'))}", "page")
        for marker in document.body.xpath('.//*[@role="doc-pagebreak"]')
    ]
    return Chapter(document, entry, pages)


def part_page(
    title: str, *, file_name: str, uid: str, number: int, language: str, stylesheet: str
) -> Document:
    """The page that opens a part: its caption, large, alone."""
    document = new_document(
        file_name,
        title,
        uid=uid,
        kind="part",
        language=language,
        stylesheet=stylesheet,
        matter=BODY,
        body_type="bodymatter",
        body_class="part-page",
    )
    section = etree.SubElement(
        document.body, h("section"), {"id": f"part-{number}", "class": "part", "role": "doc-part"}
    )
    section.set(EPUB_TYPE, "part")
    heading = etree.SubElement(section, h("h1"), {"class": "part-title"})
    label, _, name = _split_part_title(title)
    if name:
        label_span = etree.SubElement(heading, h("span"), {"class": "part-label"})
        label_span.text = label
        label_span.tail = " "  # read aloud as "Phần I. Tên phần", not "I.Tên"
        etree.SubElement(heading, h("span"), {"class": "part-name"}).text = name
    else:
        heading.text = title
    return document


def _split_part_title(title: str) -> tuple[str, str, str]:
    """ "Phần I. Tên phần" → ("Phần I.", " ", "Tên phần"); other captions stay whole."""
    match = re.match(r"^(\S+\s+[IVXLCDM\d]+[.:])\s+(.+)$", title)
    return (match[1], " ", match[2]) if match else (title, "", "")


def title_page(
    meta: Metadata,
    intro: str,
    *,
    file_name: str,
    uid: str,
    language: str,
    stylesheet: str,
) -> Document:
    """The title page: the edition's metadata, then the root document's introduction.

    The root document's own ids are kept on the page, so a link to the root
    document (``index.xhtml``) or one of its anchors still lands here.
    """
    words = labels(language)
    document = new_document(
        file_name,
        meta.title,
        uid=uid,
        kind="titlepage",
        language=language,
        stylesheet=stylesheet,
        body_type="frontmatter",
        body_class="title-page",
    )
    root_div = import_fragment(intro)
    for toctree in root_div.xpath(f".//h:div[{_has_class('toctree-wrapper')}]", namespaces=NS):
        _drop(toctree)
    section = etree.SubElement(document.body, h("section"), {"class": "titlepage"})
    section.set(EPUB_TYPE, "titlepage")
    root_section = root_div.find(h("section"))
    if root_section is not None:
        section.set("id", root_section.get("id", "titlepage"))
        for anchor in root_section.xpath("./h:span[@id][not(node())]", namespaces=NS):
            section.append(anchor)
            anchor.tail = None
    if meta.authors:
        _paragraph(section, "; ".join(meta.authors), "tp-authors")
    etree.SubElement(section, h("h1"), {"class": "tp-title"}).text = meta.title
    if meta.subtitle:
        _paragraph(section, meta.subtitle, "tp-subtitle")
    if meta.edition:
        _paragraph(section, meta.edition, "tp-edition")
    imprint = ", ".join(part for part in (meta.place, meta.year) if part)
    publisher = meta.publisher if meta.publisher not in meta.authors else ""
    if publisher or imprint:
        paragraph = _paragraph(section, publisher or imprint, "tp-publisher")
        if publisher and imprint:
            etree.SubElement(paragraph, h("br")).tail = imprint

    colophon = etree.SubElement(document.body, h("section"), {"class": "colophon"})
    colophon.set(EPUB_TYPE, "copyright-page")
    if root_section is not None:
        heading = root_section.find(h("h1"))
        if heading is not None:
            _drop(heading)
        intro_div = etree.SubElement(colophon, h("div"), {"class": "book-intro"})
        _move_children(root_section, intro_div)
        for child in list(root_div)[1:]:  # anything after the root section
            intro_div.append(child)
        _tidy_whitespace(intro_div)
        if not len(intro_div) and not intro_div.text:
            colophon.remove(intro_div)
    details = []
    if meta.version:
        details.append(f"{words['version']}: {meta.version}")
    if meta.isbn:
        details.append(f"{words['isbn']}: {meta.isbn}")
    else:
        details.append(f"{words['identifier']}: {meta.identifier}")
    _paragraph(colophon, " · ".join(details), "colophon-details")
    if meta.license:
        _paragraph(colophon, meta.license, "rights")
    mark_semantics(document.body)
    return document


def cover_page(
    image_href: str, *, title: str, file_name: str, uid: str, language: str, stylesheet: str
) -> Document:
    words = labels(language)
    document = new_document(
        file_name,
        words["cover"],
        uid=uid,
        kind="cover",
        language=language,
        stylesheet=stylesheet,
        body_type="cover",
        body_class="cover-page",
    )
    section = etree.SubElement(document.body, h("section"), {"class": "cover"})
    section.set(EPUB_TYPE, "cover")
    etree.SubElement(
        section,
        h("img"),
        {
            "src": posixpath.relpath(image_href, posixpath.dirname(file_name) or "."),
            "alt": words["cover_alt"].format(title=title),
            "role": "doc-cover",
        },
    )
    return document


@dataclass
class Landmark:
    epub_type: str
    href: str
    title: str


def nav_document(
    entries: list[NavEntry],
    landmarks: list[Landmark],
    *,
    file_name: str,
    uid: str,
    language: str,
    stylesheet: str,
    pages: list[NavEntry] = (),
) -> Document:
    """The EPUB navigation document: the table of contents, then the (hidden) landmarks
    and, when the print edition's pages are marked in the text, the (hidden) page list."""
    words = labels(language)
    document = new_document(
        file_name,
        words["toc"],
        uid=uid,
        kind="nav",
        language=language,
        stylesheet=stylesheet,
        body_type="frontmatter",
        body_class="toc-page",
    )
    toc = etree.SubElement(document.body, h("nav"), {"id": "toc", "role": "doc-toc"})
    toc.set(EPUB_TYPE, "toc")
    etree.SubElement(toc, h("h1")).text = words["toc"]
    _nav_list(toc, entries, base=posixpath.dirname(file_name))
    guide = etree.SubElement(document.body, h("nav"), {"id": "landmarks", "hidden": "hidden"})
    guide.set(EPUB_TYPE, "landmarks")
    etree.SubElement(guide, h("h2")).text = words["landmarks"]
    items = etree.SubElement(guide, h("ol"))
    for landmark in landmarks:
        link = etree.SubElement(etree.SubElement(items, h("li")), h("a"), href=landmark.href)
        link.set(EPUB_TYPE, landmark.epub_type)
        link.text = landmark.title
    if pages:
        page_list = etree.SubElement(
            document.body, h("nav"), {"id": "page-list", "role": "doc-pagelist", "hidden": "hidden"}
        )
        page_list.set(EPUB_TYPE, "page-list")
        etree.SubElement(page_list, h("h2")).text = words["page_list"]
        _nav_list(page_list, pages, base=posixpath.dirname(file_name))
    return document


def _nav_list(parent: etree._Element, entries: list[NavEntry], base: str) -> None:
    items = etree.SubElement(parent, h("ol"))
    for entry in entries:
        item = etree.SubElement(items, h("li"), {"class": f"toc-{entry.kind}"})
        if entry.href:
            link = etree.SubElement(item, h("a"), href=_relative(entry.href, base))
        else:
            link = etree.SubElement(item, h("span"))
        link.text = entry.title
        if entry.children:
            _nav_list(item, entry.children, base)


def _relative(href: str, base: str) -> str:
    if not base:
        return href
    path, hash_, fragment = href.partition("#")
    return posixpath.relpath(path, base) + hash_ + fragment


def _heading_text(heading: etree._Element) -> str:
    return " ".join("".join(heading.itertext()).split())


def _paragraph(parent: etree._Element, text: str, css_class: str) -> etree._Element:
    paragraph = etree.SubElement(parent, h("p"), {"class": css_class})
    paragraph.text = text
    return paragraph


def _move_children(source: etree._Element, target: etree._Element) -> None:
    _append_text(target, source.text)
    source.text = None
    for child in list(source):
        target.append(child)


def _tidy_whitespace(container: etree._Element) -> None:
    """One newline between the blocks of ``container`` where removed blocks left blank lines."""
    if container.text is not None and not container.text.strip():
        container.text = "\n" if len(container) else None
    for child in container:
        if child.tail is not None and not child.tail.strip():
            child.tail = "\n"


def _drop(element: etree._Element) -> None:
    """Remove ``element`` but keep its tail text."""
    parent = element.getparent()
    previous = element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# -- Links and resources -------------------------------------------------------------------


@dataclass
class Resource:
    """A file of the package that is not a content document."""

    file_name: str
    media_type: str
    content: bytes
    uid: str


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


Warn = Callable[[Document, str], None]  # (where, what): the builder reports it to Sphinx


def check_ids(documents: Iterable[Document], warn: Warn) -> None:
    """Ids must be unique within a document; a repeated one is dropped."""
    for document in documents:
        seen: set[str] = set()
        for element in document.root.iter():
            ident = element.get("id")
            if ident is None:
                continue
            if ident in seen:
                warn(document, f"trùng id {ident!r} trong sách điện tử; bỏ id lặp lại")
                del element.attrib["id"]
            seen.add(ident)


def resolve_links(documents: list[Document], warn: Warn) -> None:
    """Make every internal link of the book land somewhere.

    A link to a page that is not in the book (an orphan document, the
    website's index) becomes plain text; a link to an anchor that does not
    exist keeps its page and loses the anchor. Either way the editor is warned.
    """
    ids = {document.file_name: document.ids() for document in documents}
    for document in documents:
        base = posixpath.dirname(document.file_name)
        for link in document.root.iter(h("a")):
            href = link.get("href")
            if href is None or _is_external(href):
                continue
            parts = urlsplit(href)
            path, fragment = unquote(parts.path), unquote(parts.fragment)
            target = posixpath.normpath(posixpath.join(base, path)) if path else document.file_name
            if target not in ids:
                warn(document, f"liên kết tới {href!r} không thuộc sách điện tử; bỏ liên kết")
                _unlink(link)
            elif fragment and fragment not in ids[target]:
                warn(document, f"liên kết {href!r}: không có đích {fragment!r} trong {target}")
                if path:
                    link.set("href", quote(path))
                else:
                    _unlink(link)


def _unlink(link: etree._Element) -> None:
    link.tag = h("span")
    for name in ("href", "role", "target", "rel", "hreflang", "type", "download", EPUB_TYPE):
        link.attrib.pop(name, None)


def collect_images(
    documents: list[Document],
    load: Callable[[str], bytes | None],
    warn: Warn,
) -> list[Resource]:
    """The images the documents show, loaded; an image that cannot be shown becomes its alt text.

    ``load`` gets a path relative to the package root (the same as relative to
    Sphinx's output directory) and returns the file's bytes, or None.
    """
    resources: dict[str, Resource] = {}
    for document in documents:
        base = posixpath.dirname(document.file_name)
        for image in list(document.root.iter(h("img"))):
            src = image.get("src", "")
            target = posixpath.normpath(posixpath.join(base, unquote(urlsplit(src).path)))
            media_type = IMAGE_TYPES.get(posixpath.splitext(target)[1].lower())
            if target in resources:
                continue
            content = None
            if src and not _is_external(src) and media_type and not target.startswith("../"):
                content = load(target)
            if content is None:
                warn(document, f"không đưa được ảnh {src!r} vào sách điện tử; thay bằng lời mô tả")
                _replace_with_alt(image)
                continue
            uid = f"img-{len(resources) + 1}"
            resources[target] = Resource(target, media_type, content, uid)
    return list(resources.values())


def _replace_with_alt(image: etree._Element) -> None:
    alt = image.get("alt") or ""
    span = etree.Element(h("span"), {"class": "missing-image"})
    span.text = f"[{alt}]" if alt else ""
    span.tail = image.tail
    image.getparent().replace(image, span)


# -- The package ---------------------------------------------------------------------------


class ContentDocument(epub.EpubHtml):
    """An XHTML content document whose markup is final: ebooklib writes it as it is.

    (ebooklib's own EpubHtml re-parses the body with an HTML parser and drops
    the ``head``; our documents are already complete XHTML.)
    """

    def __init__(self, document: Document):
        super().__init__(
            uid=document.uid,
            file_name=document.file_name,
            title=document.title,
            lang=document.root.get("lang"),
        )
        self.media_type = "application/xhtml+xml"
        self.properties = document.properties
        self.is_linear = document.linear
        self.content = serialize(document)

    def is_chapter(self) -> bool:
        return self.properties != ["nav"]

    def get_content(self, default=None) -> bytes:
        return self.content


@dataclass
class Package:
    meta: Metadata
    language: str
    modified: dt.datetime  # UTC
    spine: list[Document]
    resources: list[Resource]  # stylesheet, fonts, images
    cover_image: Resource | None
    toc: list[NavEntry]
    guide: list[Landmark]
    has_images: bool = False
    pages: list[NavEntry] = field(default_factory=list)  # the print edition's pages

    def write(self, target: Path) -> None:
        book = self._book()
        options = {
            "mtime": self.modified,
            "epub3_landmark": False,  # our navigation document has its own landmarks
            "epub3_pages": False,
        }
        writer = _ReproducibleWriter(
            str(target), book, options, zip_time(self.modified), self.language, self.pages
        )
        writer.process()
        writer.write()

    def _book(self) -> epub.EpubBook:
        meta = self.meta
        book = epub.EpubBook()
        book.FOLDER_NAME = "EPUB"
        book.IDENTIFIER_ID = "pub-id"
        book.set_identifier(meta.identifier)
        book.set_language(self.language)
        for prefix, uri in (
            ("a11y", "http://www.idpf.org/epub/vocab/package/a11y/#"),
            ("schema", "http://schema.org/"),
        ):
            book.add_prefix(prefix, uri)  # reserved, but some shops' checkers want them declared
        describe(book, meta, self.language, self.has_images, bool(self.pages))

        for resource in self.resources:
            book.add_item(
                epub.EpubItem(
                    uid=resource.uid,
                    file_name=resource.file_name,
                    media_type=resource.media_type,
                    content=resource.content,
                )
            )
        if self.cover_image is not None:
            cover = epub.EpubCover(uid=self.cover_image.uid, file_name=self.cover_image.file_name)
            cover.media_type = self.cover_image.media_type
            cover.content = self.cover_image.content
            book.add_item(cover)
            # EPUB 2 readers find the cover through this meta (EPUB 3 through cover-image).
            book.add_metadata(None, "meta", "", {"name": "cover", "content": cover.id})
        items = [ContentDocument(document) for document in self.spine]
        for item in items:
            book.add_item(item)
        book.add_item(epub.EpubNcx())
        book.spine = items
        book.toc = _ncx_toc(self.toc)
        book.guide = [
            {
                "type": {"bodymatter": "text"}.get(mark.epub_type, mark.epub_type),
                "href": mark.href,
                "title": mark.title,
            }
            for mark in self.guide
            if mark.epub_type in ("cover", "toc", "bodymatter", "titlepage")
        ]
        for entry in book.guide:
            entry["type"] = {"titlepage": "title-page"}.get(entry["type"], entry["type"])
        return book


def describe(
    book: epub.EpubBook,
    meta: Metadata,
    language: str,
    has_images: bool,
    has_page_list: bool = False,
) -> None:
    """The package metadata: Dublin Core, title refinements, accessibility.

    ``has_page_list``: the print edition's page breaks are marked in the text.
    """
    words = labels(language)
    nfc = lambda text: unicodedata.normalize("NFC", text)  # noqa: E731
    book.title = nfc(meta.title)  # the NCX's docTitle
    book.add_metadata("DC", "title", nfc(meta.title), {"id": "title"})
    book.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if meta.subtitle:
        book.add_metadata("DC", "title", nfc(meta.subtitle), {"id": "subtitle"})
        book.add_metadata(
            None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"}
        )
    creators = meta.authors or ((meta.publisher,) if meta.publisher else ())
    for number, author in enumerate(creators, 1):
        book.add_metadata("DC", "creator", nfc(author), {"id": f"creator-{number}"})
        book.add_metadata(
            None,
            "meta",
            "aut",
            {"refines": f"#creator-{number}", "property": "role", "scheme": "marc:relators"},
        )
    if meta.publisher:
        book.add_metadata("DC", "publisher", nfc(meta.publisher))
    if meta.year:
        book.add_metadata("DC", "date", meta.year)
    if meta.description:
        book.add_metadata("DC", "description", nfc(meta.description))
    for subject in meta.subjects:
        book.add_metadata("DC", "subject", nfc(subject))
    if meta.license:
        book.add_metadata("DC", "rights", nfc(meta.license))
    print_edition = isbn_urn(meta.isbn) if meta.isbn else ""
    if print_edition:  # the ISBN is the print edition's (book_isbn in conf.py)
        book.add_metadata("DC", "source", print_edition)

    def schema(prop: str, value: str) -> None:
        book.add_metadata(None, "meta", value, {"property": prop})

    schema("schema:accessMode", "textual")
    if has_images:
        schema("schema:accessMode", "visual")
    schema("schema:accessModeSufficient", "textual")
    features = ["tableOfContents", "readingOrder", "structuralNavigation", "alternativeText"]
    if has_page_list:
        features += ["printPageNumbers", "pageNavigation"]
    for feature in features:
        schema("schema:accessibilityFeature", feature)
    schema("schema:accessibilityHazard", "none")
    summary = words["a11y_summary"] + (words["page_summary"] if has_page_list else "")
    schema("schema:accessibilitySummary", nfc(summary))
    if has_page_list:
        # EPUB 3.3's property for where the page breaks come from: the print edition.
        source = print_edition or words["print_edition"].format(title=meta.title)
        schema("pageBreakSource", nfc(source))
    schema("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA")
    if meta.publisher or meta.creator:
        schema("a11y:certifiedBy", nfc(meta.publisher or meta.creator))


def isbn_urn(isbn: str) -> str:
    """``978-604-0-00000-0`` → ``urn:isbn:9786040000000``."""
    return "urn:isbn:" + re.sub(r"[^0-9Xx]", "", isbn).upper()


def _ncx_toc(entries: list[NavEntry]) -> list:
    """The table of contents as ebooklib wants it for the NCX: Links, nested in tuples."""
    counter = iter(range(1, 1_000_000))

    def convert(entry: NavEntry):
        link = epub.Link(entry.href, entry.title, f"navpoint-{next(counter)}")
        if entry.children:
            return (link, [convert(child) for child in entry.children])
        return link

    return [convert(entry) for entry in entries]


def zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's date_time (local-time fields, no zone; zip cannot store before 1980)."""
    moment = max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    return moment.timetuple()[:6]


class _Entries:
    """A zip file whose entries carry one fixed time and fixed attributes."""

    def __init__(self, archive: zipfile.ZipFile, date_time: tuple[int, ...]):
        self.archive = archive
        self.date_time = date_time

    def writestr(self, name: str, data, compress_type: int = zipfile.ZIP_DEFLATED) -> None:
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = compress_type
        info.create_system = 3  # Unix, wherever the book is built
        info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
        level = 9 if compress_type == zipfile.ZIP_DEFLATED else None
        self.archive.writestr(info, data, compresslevel=level)

    def close(self) -> None:
        self.archive.close()


class _ReproducibleWriter(epub.EpubWriter):
    """ebooklib's writer, with every zip entry stamped with the book's modification time.

    (ebooklib's own writer stamps each entry with the current time, so two
    builds of the same book would differ.) ``mimetype`` is written first and
    stored, as the OCF container format requires.
    """

    def __init__(
        self,
        name: str,
        book: epub.EpubBook,
        options: dict,
        date_time: tuple[int, ...],
        language: str,
        pages: list[NavEntry],
    ):
        super().__init__(name, book, options)
        self._date_time = date_time
        self._language = language
        self._pages = pages

    def _write_opf_file(self, root: etree._Element) -> None:
        # The package's language, for assistive technology (Ace's "epub-lang").
        root.set(XML_LANG, self._language)
        super()._write_opf_file(root)

    def _get_ncx(self) -> bytes:
        """ebooklib's NCX, in the book's language, with the print edition's pages."""
        ncx = etree.fromstring(super()._get_ncx())
        ncx.set(XML_LANG, self._language)
        if self._pages:
            namespace = etree.QName(ncx).namespace
            tag = lambda name: f"{{{namespace}}}{name}"  # noqa: E731
            page_list = etree.SubElement(ncx, tag("pageList"))
            numbers = [int(page.title) for page in self._pages if page.title.isdigit()]
            for number, page in enumerate(self._pages, 1):
                target = etree.SubElement(page_list, tag("pageTarget"), id=f"page-{number}")
                if page.title.isdigit():
                    target.set("type", "normal")
                    target.set("value", page.title)
                else:  # roman numerals of the front matter, or none
                    target.set("type", "front")
                label = etree.SubElement(target, tag("navLabel"))
                etree.SubElement(label, tag("text")).text = page.title
                etree.SubElement(target, tag("content"), src=page.href)
            for name, value in (
                ("dtb:totalPageCount", len(self._pages)),
                ("dtb:maxPageNumber", max(numbers, default=0)),
            ):
                meta = ncx.find(f"{tag('head')}/{tag('meta')}[@name='{name}']")
                if meta is not None:
                    meta.set("content", str(value))
        return etree.tostring(ncx, pretty_print=True, encoding="utf-8", xml_declaration=True)

    def write(self) -> None:
        with zipfile.ZipFile(self.file_name, "w") as archive:
            self.out = _Entries(archive, self._date_time)
            self.out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
            self._write_container()
            self._write_opf()
            self._write_items()


def iter_text(documents: Iterable[Document]) -> Iterator[str]:
    for document in documents:
        yield document.title
        yield document.text()
