"""What HTML written in a chapter may hold: markup and the book's own files, nothing that runs.

Markdown lets an editor write HTML (``<span>``, ``<br>``, a ``{raw} html``
block). The policy, the same for the three editions (they are made from one
doctree), and written in the editors' guide: a chapter's HTML that would run
or fetch something is refused at its file and line, and the build stops; the
editor removes it. Refused:

- elements that run, embed or send: ``script``, ``iframe``, ``frame``,
  ``object``, ``embed``, ``applet``, ``base``, ``link``, ``meta``, ``form``,
  and in inline SVG ``foreignObject``;
- event handlers (``onclick=``, ``onload=``...) and ``javascript:`` or
  ``vbscript:`` addresses, ``data:`` documents;
- resources the page would fetch from the network (``src=``, ``srcset=``,
  ``url(...)`` with an address): a book carries its own images.

Hyperlinks to the web (``<a href="https://...">``) are what readers follow,
and stay. (Paths outside the book are refused by ``book.boundary``.) Drawings
in SVG files are cleaned instead (``book.svg``): they come from drawing tools,
not from the editor's hand.
"""

from __future__ import annotations

import re

from docutils import nodes
from lxml import etree, html
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

REFUSED_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link",
    "meta", "form", "foreignobject", "portal", "noscript",
}  # fmt: skip
_ACTIVE_ADDRESS = re.compile(r"^\s*(?:javascript|vbscript|data\s*:\s*text/html)", re.I)
_ADDRESS_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
_FETCHED = re.compile(
    r"""(?:\b(?:src|srcset|data|poster|background)\s*=\s*["']?|url\(\s*["']?)\s*"""
    r"""(?P<address>(?:https?:|ftp:|//)[^"'\s>)]*)""",
    re.I,
)


def problems(markup: str) -> list[str]:
    """What in ``markup`` the policy refuses, each said in Vietnamese (none: it may stay)."""
    found: list[str] = []
    for fetched in _FETCHED.finditer(markup):
        found.append(
            f"tài nguyên lấy từ mạng “{fetched['address'][:80]}” (ảnh, phông, kiểu dáng): hãy "
            "tải về thư mục sách"
        )
    try:
        elements = html.fragments_fromstring(markup) if markup.strip() else []
    except (etree.ParserError, ValueError):
        return found
    for root in elements:
        if not isinstance(root, etree._Element):
            continue
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            tag = element.tag.rsplit("}", 1)[-1].lower()
            if tag in REFUSED_ELEMENTS:
                found.append(f"thẻ <{tag}> (chạy mã, nhúng hoặc gửi nội dung ra ngoài)")
            for name, value in element.attrib.items():
                name = name.rsplit("}", 1)[-1].lower()
                if name.startswith("on"):
                    found.append(f"thuộc tính {name}= (mã chạy khi người đọc thao tác)")
                elif name in _ADDRESS_ATTRIBUTES and _ACTIVE_ADDRESS.match(value):
                    found.append(f"địa chỉ “{value.strip()[:40]}” (chạy mã)")
                elif name == "style" and _ACTIVE_ADDRESS.search(value.replace("url(", "\n")):
                    found.append("kiểu dáng có địa chỉ chạy mã")
    return list(dict.fromkeys(found))


def refuse_active_html(app: Sphinx, doctree: nodes.document) -> None:
    """Each piece of a chapter's HTML that would run or fetch: one message at its line."""
    for raw in doctree.findall(nodes.raw):
        if "html" not in raw.get("format", "").split():
            continue
        found = problems(raw.astext())
        if found:
            logger.warning(
                "HTML trong chương có %s. Sách không chứa mã chạy được hay nội dung lấy từ "
                "ngoài: hãy bỏ phần đó (xem docs/huong-dan-bien-tap.md, mục 11).",
                "; ".join(found),
                location=raw,
                type="book",
                subtype="html",
            )
            raw.parent.remove(raw)  # never kept, whatever happens to the warning


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", refuse_active_html, priority=400)
