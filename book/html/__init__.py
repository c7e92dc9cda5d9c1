"""The website edition: a reading theme, Vietnamese labels, links to the other editions.

The theme is Furo: it reads well on a phone (most readers come from Zalo and
Facebook links), it is light, it has a dark mode, and its markup is accessible.
The press only sets defaults; ``conf.py`` may choose another theme. The parts:

- ``search``    Vietnamese search, diacritics folded in the index and the browser
- ``labels``    Vietnamese wherever Sphinx and Furo print interface text (+ ``templates/``)
- ``downloads`` the PDF and EPUB on every page, and the "Tải về" page
- ``social``    Open Graph tags and the card image
- ``webfonts``  the book's fonts, subset for the web
- ``navigation`` the sidebar's table of contents, made once and marked per page
- ``soup``      BeautifulSoup (Furo's) imported without its CSS selectors until used
- ``markup``    corrections so that every page validates
- ``validate``  the Nu Html Checker and axe-core, run in a ``browser``
"""

from __future__ import annotations

import logging
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _

from book.html import labels, navigation, soup, webfonts
from book.html.downloads import DOWNLOADS_DIR as DOWNLOADS_DIR  # used by the press
from book.html.downloads import add_download_links, add_downloads_page
from book.html.downloads import edition_files as edition_files
from book.html.markup import BookHTMLTranslator, UniqueWrapperIds
from book.html.search import SearchVietnamese, mend_rebuilt_index
from book.html.social import add_open_graph, write_card_image
from book.html.website import WebsiteBuilder
from book.metadata import read_metadata

STATIC_DIR = Path(__file__).parent / "static"


def set_defaults(app: Sphinx, config: Config) -> None:
    meta = read_metadata(config)
    if config.html_theme == "alabaster":  # Sphinx's default: nobody chose it for a book
        config.html_theme = "furo"
    sphinx_default_title = _("%s %s documentation") % (config.project, config.release)
    if not config.html_title or config.html_title == sphinx_default_title:
        config.html_title = meta.title
    config.html_last_updated_fmt = config.html_last_updated_fmt or None
    config.html_show_sphinx = False
    config.html_copy_source = False
    config.html_show_sourcelink = False
    # Sphinx has no Vietnamese search of its own and would index "in English"
    # (stop words, stemmer); ours is book.html.search.SearchVietnamese.
    if not config.html_search_language and (config.language or "vi") == "vi":
        config.html_search_language = "vi"
    if str(labels.TEMPLATES_DIR) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(labels.TEMPLATES_DIR)]
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


def import_accessible_pygments_quietly() -> None:
    """Import Furo's colour styles for code without the log they turn on.

    accessible-pygments 0.0.5 calls ``logging.basicConfig(level=INFO)`` when
    imported (Pygments loads it looking a style up): from then on every
    library's INFO messages ("pikepdf C++ to Python logger bridge
    initialized") were printed to the editor. Imported here first, with the
    root logger put back as it was.
    """
    handlers, level = list(logging.root.handlers), logging.root.level
    try:
        import a11y_pygments  # noqa: F401
    except ImportError:
        return
    finally:
        logging.root.handlers[:] = handlers
        logging.root.setLevel(level)


def setup(app: Sphinx) -> None:
    import_accessible_pygments_quietly()
    soup.import_beautifulsoup()  # before the theme is loaded: Furo imports it
    app.connect("config-inited", set_defaults, priority=400)
    app.connect("html-page-context", add_download_links)
    app.connect("html-collect-pages", add_downloads_page)
    app.add_css_file("book.css")
    app.add_search_language(SearchVietnamese)
    app.add_builder(WebsiteBuilder, override=True)  # Sphinx's "html", every page when due
    app.connect("html-collect-pages", mend_rebuilt_index)
    app.add_post_transform(UniqueWrapperIds)
    for builder in ("html", "dirhtml"):
        app.set_translator(builder, BookHTMLTranslator)
    app.connect("builder-inited", labels.add_templates)
    app.connect("build-finished", labels.write_js_translations)
    app.connect("html-page-context", add_open_graph)
    app.connect("build-finished", write_card_image)
    webfonts.setup(app)
    navigation.setup(app)
