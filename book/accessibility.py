"""Accessibility rules every edition shares, checked where the editor can fix them: the chapters.

A reader who cannot see an image hears its alternative text instead (screen
readers, text-to-speech, the ebook read aloud). So every image must have one,
and an image without it is an error at the chapter's file and line, not a
silent gap in the book.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def require_alt_text(app: Sphinx, doctree: nodes.document) -> None:
    """Warn (and so fail the build) for every image without alternative text."""
    for image in doctree.findall(nodes.image):
        if (image.get("alt") or "").strip():
            continue
        logger.warning(
            "ảnh %s thiếu văn bản thay thế (alt) cho người đọc không nhìn thấy ảnh. "
            "Viết mô tả ngắn nội dung ảnh: ![mô tả ảnh](%s) hoặc thêm dòng ':alt: mô tả ảnh' "
            "vào chỉ thị {figure}.",
            image.get("uri", ""),
            image.get("uri", "đường-dẫn-ảnh"),
            location=(app.env.docname, _line(image)),
            type="book",
            subtype="alt",
        )


def _line(node: nodes.Node) -> int | None:
    """The source line of ``node``, or of the nearest enclosing node that knows it.

    (MyST gives a Markdown image no line of its own; its paragraph has one.)
    """
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return None


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", require_alt_text)
