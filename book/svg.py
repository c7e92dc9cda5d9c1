"""SVG figures made safe and self-contained for an edition, whatever tool drew them.

Drawing tools (Inkscape, draw.io, LibreOffice, Illustrator, matplotlib,
OmniGraffle) write more than the drawing: metadata in their own namespaces
(RDF, sodipodi, inkscape), sometimes scripts, event handlers, links to other
files or HTML inside ``foreignObject``. None of it belongs in a book, and an
ebook that carries it fails EPUBCheck. Put inline in a chapter beside other
figures, the ids matplotlib and cairo give every glyph ("glyph0-0") clash
from one figure to the next, and a figure would draw another's glyphs.

:func:`clean` keeps the drawing (shapes, text, styles, gradients, its
``viewBox`` and size) and drops the rest; with a prefix it makes every id the
figure's own and follows every reference to it. The parser resolves no entity
and reads nothing from the network; a file that declares entities is refused
(a "billion laughs" would otherwise expand in whichever tool reads it next).
"""

from __future__ import annotations

import re

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_BYTES = 20 << 20  # larger than any drawing; a bigger file is refused, not parsed

# Namespaces that hold an editor's bookkeeping, never the drawing.
METADATA_NAMESPACES = frozenset(
    {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.inkscape.org/namespaces/inkscape",
        "http://www.bohemiancoding.com/sketch/ns",
        "http://ns.adobe.com/AdobeIllustrator/10.0/",
        "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
        "http://ns.adobe.com/Extensibility/1.0/",
        "http://ns.adobe.com/Flows/1.0/",
        "http://ns.adobe.com/ImageReplacement/1.0/",
        "http://ns.adobe.com/GenericCustomNamespace/1.0/",
        "http://ns.adobe.com/Graphs/1.0/",
        "http://ns.adobe.com/SaveForWeb/1.0/",
        "http://ns.adobe.com/Variables/1.0/",
        "http://ns.adobe.com/xap/1.0/",
        "http://www.serif.com/",
        "http://www.omnigroup.com/namespace/OmniGraffle",
        "http://schemas.microsoft.com/visio/2003/SVGExtensions/",
        "http://www.figma.com/figma/ns",
    }
)
# SVG elements that run code, show another document, or only carry metadata.
DROPPED_ELEMENTS = frozenset(
    f"{{{SVG_NS}}}{name}"
    for name in ("script", "foreignObject", "metadata", "iframe", "object", "embed", "handler")
)
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)
_URL_REFERENCE = re.compile(r"url\(\s*(['\"]?)#([^)'\"\s]+)\1\s*\)")
_CSS_ID = re.compile(r"#([A-Za-z_][\w-]*)")


class SvgRefused(ValueError):
    """The file is not an SVG the press can publish; the message says why, in Vietnamese."""


def parse(content: bytes) -> etree._Element:
    """The SVG's root element, parsed without entities, network or DTD."""
    if len(content) > MAX_BYTES:
        raise SvgRefused(
            f"tệp SVG quá lớn ({len(content) >> 20} MB): hãy lưu lại hình với ít chi tiết hơn"
        )
    if re.search(rb"<!ENTITY", content[:65536], re.IGNORECASE):
        raise SvgRefused(
            "tệp SVG khai báo thực thể (<!ENTITY …>), có thể đọc tệp khác hoặc nở ra vô hạn: "
            "hãy xuất lại hình từ phần mềm vẽ (Lưu dưới dạng SVG thường)"
        )
    try:
        root = etree.fromstring(content, parser=_PARSER)
    except etree.XMLSyntaxError as error:
        raise SvgRefused(f"tệp SVG hỏng, không đọc được ({error})") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgRefused("tệp không phải hình SVG (phần tử gốc không phải <svg>)")
    return root


def clean(root: etree._Element, id_prefix: str = "") -> etree._Element:
    """``root`` without what an edition must not carry; ids prefixed if ``id_prefix``."""
    for element in list(root.iter()):
        if element is root:
            continue
        if not isinstance(element.tag, str) or _dropped(element):
            _remove(element)
    for element in root.iter():
        for name in list(element.attrib):
            if _dropped_attribute(name, element.attrib[name]):
                del element.attrib[name]
    if id_prefix:
        _prefix_ids(root, id_prefix)
    etree.cleanup_namespaces(root)
    return root


def cleaned_bytes(content: bytes, id_prefix: str = "") -> bytes:
    """The SVG file ``content`` cleaned, as a file again (UTF-8, with its declaration)."""
    root = clean(parse(content), id_prefix)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _dropped(element: etree._Element) -> bool:
    if element.tag in DROPPED_ELEMENTS:
        return True
    namespace = etree.QName(element).namespace
    if namespace in METADATA_NAMESPACES:
        return True
    href = element.get(f"{{{XLINK_NS}}}href") or element.get("href")
    return etree.QName(element).localname == "image" and href is not None and _external(href)


def _dropped_attribute(name: str, value: str) -> bool:
    qualified = etree.QName(name)
    if qualified.namespace in METADATA_NAMESPACES:
        return True
    local = qualified.localname.lower()
    if local.startswith("on"):
        return True  # event handlers run code
    if local == "href" and _external(value):
        return True
    return "javascript:" in value.lower().replace(" ", "")


def _external(reference: str) -> bool:
    """A reference to anything but this drawing (a fragment) or data it carries."""
    reference = reference.strip()
    return not (reference.startswith("#") or reference.lower().startswith("data:image/"))


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:  # text after the element stays where it was
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _prefix_ids(root: etree._Element, prefix: str) -> None:
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    if not ids:
        return

    def renamed(identifier: str) -> str:
        return prefix + identifier if identifier in ids else identifier

    def in_urls(value: str) -> str:
        return _URL_REFERENCE.sub(lambda m: f"url({m[1]}#{renamed(m[2])}{m[1]})", value)

    for element in root.iter():
        if element.get("id"):
            element.set("id", prefix + element.get("id"))
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if local == "href" and value.startswith("#"):
                element.set(name, "#" + renamed(value[1:]))
            elif "url(" in value:
                element.set(name, in_urls(value))
            elif local in ("begin", "end") and "." in value:  # animation timing: "id.click"
                element.set(name, re.sub(r"^([\w-]+)\.", lambda m: renamed(m[1]) + ".", value))
        if etree.QName(element).localname == "style" and element.text:
            text = in_urls(element.text)
            element.text = _CSS_ID.sub(lambda m: "#" + renamed(m[1]), text)
