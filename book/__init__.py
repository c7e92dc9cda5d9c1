"""The handbook press: a Sphinx extension that publishes one book as three editions.

Pipeline, in file names:

- ``sources``  reading and checking the Markdown chapters
- ``model``    the book every edition shares: parts, chapters, numbering
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

from sphinx.application import Sphinx

__version__ = "0.1.0"
LOCALE_DIR = Path(__file__).parent / "locale"


def setup(app: Sphinx) -> dict:
    from book import accessibility, docutils_vi, metadata, model, sources
    from book.epub.builder import EbookBuilder
    from book.html import setup as setup_html
    from book.pdf.builder import PrintBuilder
    from book.programmes import setup as setup_programmes

    docutils_vi.register()
    app.setup_extension("myst_parser")
    metadata.setup(app)
    model.setup(app)
    sources.setup(app)
    accessibility.setup(app)
    setup_programmes(app)
    setup_html(app)
    app.add_builder(PrintBuilder)
    app.add_builder(EbookBuilder, override=True)  # replaces Sphinx's own "epub"
    # Sphinx's own Vietnamese catalogue lacks many labels ("Hình %s", "Bảng %s",
    # "Mục lục"...). Ours is consulted for whatever Sphinx's leaves untranslated.
    app.add_message_catalog("sphinx", str(LOCALE_DIR))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
