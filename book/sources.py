"""Reading the chapters: the text every edition starts from is NFC Unicode."""

from __future__ import annotations

import unicodedata

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


def setup(app: Sphinx) -> None:
    app.connect("source-read", normalise_text)
