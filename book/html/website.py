"""Which builds are the website: the handlers of ``book.html`` act only on those."""

from __future__ import annotations

from sphinx.application import Sphinx


def is_website(app: Sphinx) -> bool:
    """True for the website builders; the print and ebook builders also write HTML."""
    return app.builder.format == "html" and app.builder.name in ("html", "dirhtml")
