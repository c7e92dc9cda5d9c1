"""Vietnamese wherever Sphinx and Furo print interface text.

Three sources of English, three remedies:

- strings Sphinx and Furo pass through gettext (``_()``, ``{% trans %}``):
  translated in ``book/locale/vi/LC_MESSAGES/sphinx.po``;
- strings Furo hard-codes in its templates (aria-labels, icon titles): our
  ``templates/page.html`` passes Furo's page through :func:`interface_labels`;
- strings the search page's JavaScript shows: Sphinx ships ``translations.js``
  from its own catalogue, which leaves most of them empty, so the press writes
  its own, filling the gaps from our catalogue.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.pofile import read_po
from markupsafe import Markup
from sphinx import package_dir
from sphinx.application import Sphinx

from book import LOCALE_DIR
from book.pages import compiled_templates

TEMPLATES_DIR = Path(__file__).parent / "templates"

# Furo's hard-coded English (furo/theme/furo/page.html, partials/icons.html).
HARD_CODED = {
    'aria-label="Toggle site navigation sidebar"': 'aria-label="Mở hoặc đóng mục lục sách"',
    'aria-label="Toggle table of contents sidebar"': 'aria-label="Mở hoặc đóng mục lục trang"',
    'aria-label="Toggle Light / Dark / Auto color theme"': (
        'aria-label="Đổi giao diện: sáng, tối hoặc tự động"'
    ),
    # Two unnamed <aside> landmarks: name them so a screen reader can tell them apart.
    '<aside class="sidebar-drawer">': '<aside class="sidebar-drawer" aria-label="Mục lục sách">',
    '<aside class="toc-drawer': '<aside aria-label="Mục lục trang" class="toc-drawer',
    "<title>Contents</title>": "<title>Mục lục trang</title>",
    "<title>Menu</title>": "<title>Trình đơn</title>",
    "<title>Expand</title>": "<title>Mở rộng</title>",
    "<title>Light mode</title>": "<title>Giao diện sáng</title>",
    "<title>Dark mode</title>": "<title>Giao diện tối</title>",
    "<title>Auto light/dark, in light mode</title>": "<title>Tự động (đang sáng)</title>",
    "<title>Auto light/dark, in dark mode</title>": "<title>Tự động (đang tối)</title>",
}


def interface_labels(html: str) -> Markup:
    """Furo's rendered page with its hard-coded English labels in Vietnamese."""
    text = str(html)
    for english, vietnamese in HARD_CODED.items():
        text = text.replace(english, vietnamese)
    return Markup(text)


def add_templates(app: Sphinx) -> None:
    """Let our templates (and the filter they use) override the theme's; keep them compiled."""
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None:
        environment.filters["book_interface_labels"] = interface_labels
        environment.bytecode_cache = compiled_templates(app.doctreedir)


def _catalogue(path: Path) -> dict[str, str | list[str]]:
    """msgid → translation (a list for plural messages) of a .po file, translated ones only."""
    with path.open("rb") as po:
        catalog = read_po(po)
    result: dict[str, str | list[str]] = {}
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            if all(message.string):
                result[message.id[0]] = list(message.string)
        else:
            result[message.id] = message.string
    return result


def js_translations(language: str) -> str | None:
    """Sphinx's ``sphinx.js`` for ``language`` with its empty messages filled from ours."""
    sphinx_js = Path(package_dir, "locale", language, "LC_MESSAGES", "sphinx.js")
    ours = LOCALE_DIR / language / "LC_MESSAGES" / "sphinx.po"
    if not sphinx_js.is_file() or not ours.is_file():
        return None
    text = sphinx_js.read_text(encoding="utf-8")
    data = json.loads(text[text.index("{") : text.rindex("}") + 1])
    supplement = _catalogue(ours)
    messages = data["messages"]
    for msgid, translation in messages.items():
        missing = not translation or (isinstance(translation, list) and not all(translation))
        if missing and msgid in supplement:
            messages[msgid] = supplement[msgid]
    body = json.dumps(data, ensure_ascii=False, indent=4, sort_keys=True)
    return f"Documentation.addTranslations({body});\n"


def write_js_translations(app: Sphinx, exception: Exception | None) -> None:
    """Replace the ``translations.js`` Sphinx copied with the completed one."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir, "_static", "translations.js")
    script = js_translations(app.config.language or "")
    if script is not None and target.exists():
        target.write_text(script, encoding="utf-8")
