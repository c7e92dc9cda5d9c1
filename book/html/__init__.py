"""The website edition: a reading theme, Vietnamese labels, links to the other editions.

The theme is Furo: it reads well on a phone (most readers come from Zalo and
Facebook links), it is light (no web fonts or icon fonts to download on a slow
connection), it has a dark mode, and its markup is accessible. The press only
sets defaults; ``conf.py`` may choose another theme.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _

from book.metadata import read_metadata

DOWNLOADS_DIR = "_downloads/editions"


def edition_files(config: Config) -> dict[str, str]:
    """Site-relative paths of the downloadable editions."""
    slug = read_metadata(config).slug
    return {"pdf": f"{DOWNLOADS_DIR}/{slug}.pdf", "epub": f"{DOWNLOADS_DIR}/{slug}.epub"}


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


def add_download_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node
) -> None:
    """Every page of the website offers the print edition and the ebook."""
    if app.builder.format != "html" or app.builder.name not in ("html", "dirhtml"):
        return
    pathto = context["pathto"]
    files = edition_files(app.config)
    links = Markup(
        '<nav class="book-downloads" aria-label="Tải sách">'
        '<span class="book-downloads-label">Tải sách về máy:</span> '
        '<a href="{pdf}" download>Bản in (PDF)</a> · '
        '<a href="{epub}" download>Sách điện tử (EPUB)</a>'
        "</nav>"
    ).format(pdf=escape(pathto(files["pdf"], 1)), epub=escape(pathto(files["epub"], 1)))
    context["body"] = Markup(context.get("body", "")) + links


def setup(app: Sphinx) -> None:
    app.connect("config-inited", set_defaults, priority=400)
    app.connect("html-page-context", add_download_links)
