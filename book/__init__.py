"""The handbook press: a Sphinx extension that publishes one book as three editions.

Pipeline, in file names:

- ``sources``  reading and checking the Markdown chapters
- ``model``    the book every edition shares: parts, chapters, numbering
- ``figure_numbers``, ``numbered_references``  Sphinx's numbering, at less cost
- ``metadata`` the edition's metadata from ``conf.py``
- ``pages``    per-chapter HTML for editions that package their own files
- ``html``     the website edition (theme, labels, download links)
- ``pdf``      the print edition (one print document → WeasyPrint)
- ``epub``     the ebook edition (one XHTML per chapter → ebooklib)
- ``press``    running Sphinx for the editions and putting them in ``build/``

Public API: :func:`setup` (for Sphinx) and :mod:`book.press` (for tasks).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the layout and merge processes import the press without Sphinx
    from sphinx.application import Sphinx

__version__ = "0.1.0"
LOCALE_DIR = Path(__file__).parent / "locale"


def setup(app: Sphinx) -> dict:
    from book import (
        accessibility,
        boundary,
        docutils_vi,
        metadata,
        model,
        numbered_references,
        preview,
        raw_html,
        settings,
        sources,
    )
    from book.epub.builder import EbookBuilder
    from book.html import setup as setup_html
    from book.pages import DropToctrees
    from book.pdf.builder import PrintBuilder
    from book.programmes import setup as setup_programmes

    docutils_vi.register()
    app.setup_extension("myst_parser")
    metadata.setup(app)
    settings.setup(app)
    model.setup(app)
    numbered_references.setup(app)
    preview.setup(app)
    sources.setup(app)
    boundary.setup(app)
    raw_html.setup(app)
    accessibility.setup(app)
    setup_programmes(app)
    setup_html(app)
    app.add_post_transform(DropToctrees)
    app.add_builder(PrintBuilder)
    app.add_builder(EbookBuilder, override=True)  # replaces Sphinx's own "epub"
    prefer_press_translations(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


def prefer_press_translations(app: Sphinx) -> None:
    """Put the press's catalogue before Sphinx's own for Sphinx's labels.

    Sphinx's Vietnamese catalogue lacks many labels ("Hình %s", "Bảng %s",
    "Mục lục"...) and writes some the English way ("Tìm Kiếm"). Sphinx keeps
    one translator per catalogue for the whole process, so ours goes at its
    head once, with Sphinx's behind it for everything we do not translate;
    the templates use the application's translator, which becomes the same.
    """
    import gettext

    from sphinx import locale

    key = ("general", "sphinx")
    current = locale.translators.get(key)
    if app.config.language and not getattr(current, "book_press", False):
        try:
            ours = gettext.translation(
                "sphinx", localedir=str(LOCALE_DIR), languages=[app.config.language]
            )
        except OSError:
            return  # no catalogue of ours for this language
        ours.book_press = True
        if current is not None and current.__class__ is not gettext.NullTranslations:
            ours.add_fallback(current)
        locale.translators[key] = ours
    app.translator = locale.translators[key]
