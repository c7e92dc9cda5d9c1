"""The ebook's chapters kept between builds: the ebook a cold build makes, made faster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from book import press
from book.epub import builder, package
from book.epub.kept_documents import KeptDocuments
from book.pages import Page
from tests.conftest import ROOT, SOURCE_DATE_EPOCH, copy_book

EDITED = "chapters/03-nghi-quyet-dai-hoi-tinh-xvii.md"
COMMON = {"language": "vi", "stylesheet": "_static/epub.css"}
FRAGMENT = """
<section id="chuong-mot"><h1>Chương 1. Mở đầu<a class="headerlink" href="#chuong-mot">¶</a></h1>
<p>Đoạn một, có chú thích<a class="footnote-reference brackets" href="#f1" id="r1">1</a>.</p>
<p>Đoạn hai &amp; dấu &lt;ngoặc&gt;, thuộc tính "có
xuống dòng".</p>
<svg viewBox="0 0 10 10"><text x="1" y="5">Hình</text></svg>
<section id="muc-a"><h2>1.1. Mục A</h2><ul><li><p>Một</p></li><li><p></p></li></ul>
<table><tr><td>ô</td></tr></table></section>
<aside class="footnote-list brackets"><aside class="footnote brackets" id="f1">
<span class="label"><span class="fn-bracket">[</span>1<span class="fn-bracket">]</span></span>
<p>Chú thích.</p></aside></aside>
</section>
"""


def make(page_starts: dict[int, str] | None) -> package.Chapter:
    return package.chapter(
        FRAGMENT,
        file_name="mo-dau.xhtml",
        uid="ch-mo-dau",
        fallback_title="Mở đầu",
        matter=package.BODY,
        page_starts=page_starts,
        **COMMON,
    )


def test_a_kept_chapter_is_the_chapter_made_afresh(tmp_path: Path):
    page = Page("mo-dau", "Mở đầu", FRAGMENT, None)
    starts = {0: "5", 3: "6"}
    made = make(starts)
    first = KeptDocuments(tmp_path / "kept.json", COMMON)
    first.put(page, made, uid="ch-mo-dau", matter=package.BODY, page_starts=starts)
    first.save()

    kept = KeptDocuments(tmp_path / "kept.json", COMMON)
    chapter = kept.get(page, uid="ch-mo-dau", matter=package.BODY, page_starts=starts)
    assert chapter is not None
    assert package.serialize(chapter.document) == package.serialize(make(starts).document)
    assert (chapter.entry, chapter.pages) == (made.entry, made.pages)
    assert len(chapter.pages) == 2 and chapter.entry.children
    document = chapter.document
    assert (document.file_name, document.uid) == ("mo-dau.xhtml", "ch-mo-dau")
    assert document.title == made.document.title == "Chương 1. Mở đầu"
    assert (document.kind, document.matter, document.properties) == ("chapter", "body", ["svg"])

    # Anything it was made from, changed: made again.
    other = Page("mo-dau", "Mở đầu", FRAGMENT.replace("Một", "Hai"), None)
    assert kept.get(other, uid="ch-mo-dau", matter=package.BODY, page_starts=starts) is None
    assert kept.get(page, uid="ch-mo-dau", matter=package.BODY, page_starts={0: "5"}) is None
    assert kept.get(page, uid="ch-mo-dau-2", matter=package.BODY, page_starts=starts) is None
    assert (
        KeptDocuments(tmp_path / "kept.json", {**COMMON, "language": "en"}).get(
            page, uid="ch-mo-dau", matter=package.BODY, page_starts=starts
        )
        is None
    )


@pytest.mark.parametrize(
    "damage",
    [
        {"xhtml": "<html><p>không đóng"},
        {"xhtml": "<p xmlns='http://www.w3.org/1999/xhtml'>không phải html</p>"},
        {"xhtml": 5},
        {"entry": {"title": "x", "href": 1, "kind": "chapter", "children": []}},
        {"entry": {"title": "x", "href": "x", "kind": "chapter", "children": "abc"}},
        {"pages": "x"},
        {"title": None},
    ],
)
def test_a_damaged_kept_chapter_is_made_again(tmp_path: Path, damage: dict):
    page = Page("mo-dau", "Mở đầu", FRAGMENT, None)
    path = tmp_path / "kept.json"
    kept = KeptDocuments(path, COMMON)
    kept.put(page, make(None), uid="ch-mo-dau", matter=package.BODY, page_starts=None)
    kept.save()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["pages"]["mo-dau"][0]["value"].update(damage)
    path.write_text(json.dumps(data), encoding="utf-8")
    again = KeptDocuments(path, COMMON)
    assert again.get(page, uid="ch-mo-dau", matter=package.BODY, page_starts=None) is None


def test_an_edit_makes_one_chapter_again_and_the_ebook_a_cold_build_makes(
    tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    book = copy_book(ROOT, tmp_path / "kept")
    press.build(book, ["epub"], status=None)
    assert (press.Layout(book).sphinx_outdir("epub") / builder.KEPT_DOCUMENTS).is_file()

    made = tmp_path / "made.txt"  # the packaging runs in a forked process: counted in a file
    chapter = package.chapter

    def counting(fragment: str, **kwargs):
        with made.open("a", encoding="utf-8") as log:
            log.write(kwargs["file_name"] + "\n")
        return chapter(fragment, **kwargs)

    monkeypatch.setattr(package, "chapter", counting)
    edited = book / EDITED
    edited.write_text(edited.read_text("utf-8").replace("tóm lược", "tóm tắt", 1), "utf-8")
    incremental = press.build(book, ["epub"], status=None)["epub"]
    assert made.read_text("utf-8").split() == [Path(EDITED).stem + ".xhtml"]

    cold = press.build(copy_book(book, tmp_path / "cold"), ["epub"], status=None)["epub"]
    assert incremental.read_bytes() == cold.read_bytes()
