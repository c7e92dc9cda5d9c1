"""Vietnamese typography in every edition: “ ” and ‘ ’, en dashes, no space before punctuation.

Quotes and dashes go through Sphinx's smart quotes (Docutils' SmartQuotes),
which only acts for languages it has quotes for; Vietnamese is not among
them, so its marks are added (Vietnamese uses the English shapes). ``--``
becomes an en dash and ``...`` an ellipsis there too. Spaces typed before
punctuation ("độc lập , tự do .") are removed here. ``book_typography =
False`` in ``conf.py`` turns all of it off.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.utils import smartquotes
from sphinx.application import Sphinx
from sphinx.config import Config

from book.vietnamese import inside

VIETNAMESE_QUOTES = "“”‘’"
# A space before , . ; : ! ? or a closing bracket, where the mark ends a
# clause (followed by a space, a closing mark or the end), and after an
# opening bracket. Not before "…", which may stand alone for omitted words.
_SPACE_BEFORE = re.compile(r"[ \u00a0]+(?=[,.;:!?](?:[\s”’)\]]|$)|[)\]])")
_SPACE_AFTER = re.compile(r"(?<=[(\[])[ \u00a0]+")
# Text shown as typed: code, markup passed through, formulas.
_VERBATIM = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.raw,
    nodes.comment,
    nodes.math,
    nodes.math_block,
)


def enable_smart_quotes(app: Sphinx, config: Config) -> None:
    if not config.book_typography:
        config.smartquotes = False
        return
    # A process-wide table of Docutils; Docutils' own smartquotes_locales
    # setting fills it the same way, but too late for Sphinx to notice.
    smartquotes.smartchars.quotes.setdefault("vi", VIETNAMESE_QUOTES)


def tidy_spacing(text: str) -> str:
    """``"độc lập , tự do ."`` → ``"độc lập, tự do."``."""
    return _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text))


def remove_spaces_before_punctuation(app: Sphinx, doctree: nodes.document) -> None:
    if not app.config.book_typography:
        return
    for text in list(doctree.findall(nodes.Text)):
        if inside(text, _VERBATIM):
            continue
        tidied = tidy_spacing(str(text))
        if tidied != str(text):
            text.parent.replace(text, nodes.Text(tidied))


def setup(app: Sphinx) -> None:
    app.add_config_value("book_typography", True, "env", types=frozenset({bool}))
    app.connect("config-inited", enable_smart_quotes)
    app.connect("doctree-read", remove_spaces_before_punctuation)
