"""Reading the chapters: the text every edition starts from is NFC Unicode."""

from __future__ import annotations

import re
import unicodedata

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def normalise_text(app: Sphinx, docname: str, source: list[str]) -> None:
    """Compose decomposed Vietnamese (tổ hợp) so search, PDF text and copy-paste agree."""
    text = source[0]
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        logger.info("chuẩn hoá Unicode NFC (văn bản tổ hợp): %s", app.env.doc2path(docname))
        text = unicodedata.normalize("NFC", text)
    source[0] = text


# Resources a renderer would fetch (not hyperlinks, which a reader follows).
_REMOTE = re.compile(
    r"""(?:\b(?:src|srcset|data|poster)\s*=\s*["']?|url\(\s*["']?)\s*(?:https?:|ftp:|file:|//)""",
    re.I,
)


def refuse_remote_resources(app: Sphinx, doctree: nodes.document) -> None:
    """A book must carry its own images: the press never fetches while building."""
    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        if "://" in uri or uri.startswith("//"):
            logger.warning(
                "ảnh lấy từ mạng: %s. Hãy tải ảnh về thư mục sách (ví dụ chapters/images/) "
                "và dẫn bằng đường dẫn tương đối.",
                uri,
                location=image,
                type="book",
                subtype="remote",
            )
    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "") and _REMOTE.search(raw.astext()):
            logger.warning(
                "HTML nhúng tài nguyên từ mạng hoặc từ ngoài sách: %s. Hãy chép tài nguyên "
                "vào thư mục sách và dẫn bằng đường dẫn tương đối.",
                raw.astext().strip()[:120],
                location=raw,
                type="book",
                subtype="remote",
            )


def setup(app: Sphinx) -> None:
    app.connect("source-read", normalise_text)
    app.connect("doctree-read", refuse_remote_resources)
