"""The sample handbook registers its programmes (sample data) in every edition."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from book.programmes.fields import LEVELS


def test_sample_registers_programmes_at_every_level(published: dict[str, Path]):
    data = published["html"].parent / "data" / "programmes.json"
    programmes = json.loads(data.read_text("utf-8"))["programmes"]
    assert len(programmes) >= 8
    assert {programme["level"] for programme in programmes} == set(LEVELS)
    assert [programme["level"] for programme in programmes] == sorted(
        (programme["level"] for programme in programmes), key=LEVELS.index
    )


def test_sample_register_page_and_links(published: dict[str, Path]):
    register = (published["html"] / "92-so-dang-ky.html").read_text("utf-8")
    body = register[register.index("<tbody>") : register.index("</tbody>")]
    assert len(re.findall(r'<td><p><span class="programme-nowrap"><a class="reference internal"',
                          body)) >= 8  # fmt: skip
    assert [f"Cấp {level}" for level in LEVELS] == re.findall(r"<strong>(Cấp [^<]+)</strong>", body)
    assert "Dữ liệu mẫu" in register or "dữ liệu mẫu" in register
    # The city's list of documents links the registered ones to their cards.
    listing = (published["html"] / "06-de-an-ke-hoach-thanh-pho.html").read_text("utf-8")
    assert re.search(r'href="#vb-112-s-kh-ubnd"><span[^>]*>112/KH-UBND</span></a>', listing)
    assert 'href="_downloads/data/programmes.csv"' in register
    assert (published["html"] / "_downloads" / "data" / "programmes.csv").is_file()


def test_sample_ebook_has_the_cards(published: dict[str, Path]):
    with zipfile.ZipFile(published["epub"]) as epub:
        text = " ".join(
            epub.read(name).decode("utf-8") for name in epub.namelist() if name.endswith(".xhtml")
        )
    assert text.count('class="programme-card') >= 8
