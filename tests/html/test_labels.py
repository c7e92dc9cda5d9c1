"""Interface labels in Vietnamese on every page: Sphinx's, Furo's and the search page's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from lxml import html as lxml_html

from book import LOCALE_DIR
from book.html.labels import js_translations

# English that Sphinx or Furo print when a label is left untranslated.
ENGLISH_UI = (
    "Skip to content", "Back to top", "Made with", "Toggle", "Light mode", "Dark mode",
    "Auto light/dark", "On this page", "Next", "Previous", "Home", "Copyright",
    "Last updated", "Search", "Index", "Contents", "Table of Contents", "Footnotes",
    "Fig.", "Table ", "Link to this", "Please activate JavaScript", "Hide Search Matches",
    "Preparing search", "Edit this page", "View this page", "Symbols", "Navigation",
    "Menu", "Expand",
)  # fmt: skip


def interface_text(page: Path) -> str:
    """What a reader sees or hears on ``page``: visible text and accessible labels."""
    tree = lxml_html.parse(str(page))
    for hidden in tree.xpath("//script | //style | //noscript"):
        hidden.drop_tree()
    labels = tree.xpath("//@aria-label | //@title | //@placeholder | //@alt")
    icon_titles = tree.xpath("//*[local-name()='title' and ancestor::*[local-name()='svg']]")
    return "\n".join([tree.getroot().text_content(), *labels, *(t.text or "" for t in icon_titles)])


@pytest.fixture(scope="module")
def site(published: dict[str, Path]) -> Path:
    return published["html"]


def test_no_english_interface_label_on_any_page(site: Path):
    pages = sorted(site.glob("*.html"))
    assert len(pages) >= 12  # chapters, index, genindex, search, downloads
    for page in pages:
        text = interface_text(page)
        found = [english for english in ENGLISH_UI if english in text]
        assert not found, f"{page.name}: {found}"


def test_furo_labels_are_vietnamese(site: Path):
    text = interface_text(site / "01-nghi-quyet-dai-hoi-xiii.html")
    for label in ("Chuyển đến nội dung", "Lên đầu trang", "Mở hoặc đóng mục lục sách",
                  "Đổi giao diện: sáng, tối hoặc tự động", "Giao diện tối", "Tiếp theo",
                  "Trước đó", "Trong trang này"):  # fmt: skip
        assert label in text, label


def test_search_page_script_messages_are_vietnamese(site: Path):
    script = (site / "_static" / "translations.js").read_text(encoding="utf-8")
    messages = json.loads(script[script.index("{") : script.rindex("}") + 1])["messages"]
    assert messages["Search Results"] == "Kết quả tìm kiếm"
    assert messages["Searching"] == "Đang tìm"
    assert messages["Search finished, found one page matching the search query."] == [
        "Tìm xong: ${resultCount} trang có các từ đã nhập."
    ]
    assert messages[", in "] == ", trong "
    assert script == js_translations("vi")


def test_compiled_catalogue_matches_the_po_file():
    folder = LOCALE_DIR / "vi" / "LC_MESSAGES"
    with (folder / "sphinx.po").open("rb") as po, (folder / "sphinx.mo").open("rb") as mo:
        source, compiled = read_po(po), read_mo(mo)
    expected = {_key(m.id): _key(m.string) for m in source if m.id and m.string}
    assert {_key(m.id): _key(m.string) for m in compiled if m.id} == expected


def _key(value: str | tuple | list) -> str | tuple:
    return value if isinstance(value, str) else tuple(value)
