"""Open Graph: every page of the website makes a proper card in Zalo and Facebook."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image, ImageChops

from book import press
from tests.conftest import write_book


def open_graph(page: Path) -> dict[str, str]:
    tree = lxml_html.parse(str(page))
    return {m.get("property"): m.get("content") for m in tree.xpath("//meta[@property]")}


@pytest.fixture(scope="module")
def site(published: dict[str, Path]) -> Path:
    return published["html"]


def test_every_page_has_its_own_card(site: Path):
    chapter = open_graph(site / "02-chuyen-doi-so.html")
    assert chapter["og:title"] == "2. Chương trình chuyển đổi số"
    assert chapter["og:description"].startswith("Nghị quyết Đại hội XIII của Đảng xác định")
    assert len(chapter["og:description"]) <= 201
    assert chapter["og:type"] == "article" and chapter["og:locale"] == "vi_VN"
    root = open_graph(site / "index.html")
    assert root["og:type"] == "website"
    assert root["og:title"] == "Các chương trình, đề án, kế hoạch thực hiện Nghị quyết Đại hội"
    for page in [site / "index.html", *site.glob("[0-9]*.html"), site / "downloads.html"]:
        tags = open_graph(page)
        assert {"og:title", "og:description", "og:image", "og:type", "og:locale"} <= set(tags)
        assert (page.parent / tags["og:image"]).is_file(), page.name


def test_card_image_is_the_cover_on_a_1200_by_630_card(site: Path):
    with Image.open(site / "_static" / "book-card.png") as card:
        assert card.size == (1200, 630)
        red = Image.new("RGB", card.size, (124, 22, 26))  # the cover's own background
        left, top, right, bottom = ImageChops.difference(card.convert("RGB"), red).getbbox()
    # The cover (1:1.6, 630 px high, its gold frame inset) stands in the middle.
    assert abs((left + right) / 2 - 600) <= 2 and abs((top + bottom) / 2 - 315) <= 2
    assert 340 <= right - left <= 394 and 560 <= bottom - top <= 630


def test_absolute_urls_when_the_site_address_is_known(tmp_path: Path):
    book = write_book(
        tmp_path,
        {"index.md": "# Sách thử\n\nĐoạn mở đầu của sách thử.\n"},
        conf='html_baseurl = "https://sotay.chilinh.vn/"\n',
    )
    tags = open_graph(press.build(book, ["html"], status=None)["html"] / "index.html")
    assert tags["og:image"] == "https://sotay.chilinh.vn/_static/book-card.png"
    assert tags["og:url"] == "https://sotay.chilinh.vn/index.html"
    assert tags["og:description"] == "Đoạn mở đầu của sách thử."
