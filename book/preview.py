"""The live preview's own behaviour: mistakes shown in the page, in Vietnamese.

The preview (``./press serve``) keeps building when a chapter has a mistake:
the editor is in the middle of writing. A broken reference would otherwise be
printed as the bare text Sphinx falls back on ("Hình %s") with an English
warning in a terminal the editor is not looking at; here it becomes a visible
notice in the page, and every warning in the terminal is said in Vietnamese
(book.messages). Publishing and ``check`` still refuse the same mistakes.
"""

from __future__ import annotations

import logging

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging as sphinx_logging

from book import messages

logger = sphinx_logging.getLogger(__name__)

NOTICE_CLASS = "book-problem"

# The kinds of reference an editor writes, and the message Sphinx would give.
_UNRESOLVED = {
    "ref": "undefined label: '{target}'",
    "numref": "undefined label: '{target}'",
    "term": "term not in glossary: '{target}'",
    "doc": "unknown document: '{target}'",
}


def notice_for_missing_reference(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Node | None:
    """In the preview: a reference to nothing becomes a notice in the page."""
    english = _UNRESOLVED.get(node.get("reftype", ""))
    if not app.config.book_preview or node.get("refdomain") != "std" or english is None:
        return None
    target = node.get("reftarget", "")
    said = messages.in_vietnamese(english.format(target=target), messages.book_context(app))
    logger.warning(said, location=node)
    notice = nodes.inline("", f"⚠ Tham chiếu hỏng: {said}", classes=[NOTICE_CLASS])
    return notice


class InVietnamese(logging.Filter):
    """Say the preview's warnings in Vietnamese, as a publish reports them."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING and getattr(self.app, "env", None) is not None:
            # The message alone: Sphinx's record prefixes its location when shown.
            message = logging.LogRecord.getMessage(record)
            record.msg = messages.in_vietnamese(message, messages.book_context(self.app))
            record.args = ()
        return True


def translate_warnings(app: Sphinx) -> None:
    if not app.config.book_preview:
        return
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if isinstance(handler, sphinx_logging.WarningStreamHandler):
            handler.addFilter(InVietnamese(app))


def setup(app: Sphinx) -> None:
    # Set by ./press serve only; it changes what a page with a mistake shows.
    app.add_config_value("book_preview", False, "env", bool)
    app.connect("builder-inited", translate_warnings)
    app.connect("missing-reference", notice_for_missing_reference)
