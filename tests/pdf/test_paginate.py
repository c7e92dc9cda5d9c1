"""The print edition laid out in chunks: an incremental build is the cold build of the same text."""

from __future__ import annotations

import io
import os
import re
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from book import press
from book.pdf.builder import PAGE_MAP
from book.pdf.chunks import ANCHOR_SCHEME, FRONT, split
from book.pdf.paginate import MARKUP_PER_PAGE, estimate, number
from tests.conftest import ROOT, SOURCE_DATE_EPOCH, copy_book, tool

EDITED = "chapters/03-nghi-quyet-dai-hoi-tinh-xvii.md"
# Enough text to push the chapter (and every later page) on by a page or more.
ADDED = "\n\n" + "\n\n".join(
    "Đoạn bổ sung khi biên tập lại: các chi bộ tổ chức học tập, quán triệt nghị quyết, "
    "xây dựng chương trình hành động cụ thể và định kỳ kiểm tra, giám sát việc thực hiện."
    for _ in range(14)
)


def features(pdf: Path) -> dict:
    """What a reader sees and a viewer shows, independent of how the file was assembled."""
    reader = PdfReader(pdf)
    names = {}
    with pikepdf.open(pdf) as document:
        objects = {page.obj.objgen: index for index, page in enumerate(document.pages)}
        flat = document.Root.Names.Dests.Names
        for index in range(0, len(flat), 2):
            names[str(flat[index])] = objects[flat[index + 1][0].objgen]
        links = []
        for index, page in enumerate(document.pages):
            for annotation in page.obj.get("/Annots", ()):
                target = annotation.get("/Dest")
                uri = annotation.get("/A", {}).get("/URI")
                links.append((index, names.get(str(target)) if target is not None else str(uri)))
        outline = []
        with document.open_outline() as tree:
            stack = [(0, item) for item in reversed(tree.root)]
            while stack:
                depth, item = stack.pop()
                outline.append((depth, item.title, objects[item.destination[0].objgen]))
                stack += [(depth + 1, child) for child in reversed(item.children)]
    return {
        "pages": len(reader.pages),
        "labels": list(reader.page_labels),
        "text": [page.extract_text() for page in reader.pages],
        "outline": outline,
        "links": links,
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The sample built cold; a typo fixed; a long edit; and the edited text built cold."""
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    incremental = copy_book(ROOT, tmp_path_factory.mktemp("incremental"))
    before = press.build(incremental, ["pdf"], status=None)["pdf"]
    before_pages = len(PdfReader(before).pages)
    cache = incremental / "build/.work/pdf/chunks"
    laid_out_before = set(cache.glob("*.pdf"))
    chapter = incremental / EDITED
    typo_fixed = chapter.read_text("utf-8").replace("được tóm lược", "được tóm tắt", 1)
    chapter.write_text(typo_fixed, "utf-8")
    press.build(incremental, ["pdf"], status=None)
    typo_laid_out = set(cache.glob("*.pdf")) - laid_out_before
    with chapter.open("a", encoding="utf-8") as text:
        text.write(ADDED)
    said = io.StringIO()
    after = press.build(incremental, ["pdf"], status=said, verbose=True)["pdf"]
    cold = copy_book(incremental, tmp_path_factory.mktemp("cold"))
    return {
        "incremental": after,
        "cold": press.build(cold, ["pdf"], status=None)["pdf"],
        "before_pages": before_pages,
        "typo_laid_out": typo_laid_out,
        "long_edit_said": said.getvalue(),
    }


def test_incremental_build_matches_the_cold_build(builds: dict) -> None:
    incremental, cold = features(builds["incremental"]), features(builds["cold"])
    assert incremental["pages"] > builds["before_pages"], "the edit should move later pages on"
    for key in ("pages", "labels", "outline", "links", "text"):
        assert incremental[key] == cold[key], key


def test_chapters_moved_on_are_reprinted_into_the_same_book(builds: dict) -> None:
    """The chapters after the one grown keep their layout, with new numbers printed in:
    the book is the very file a cold build writes."""
    reprinted = re.search(r"In lại số trang vào (\d+) phần", builds["long_edit_said"])
    assert reprinted and int(reprinted[1]) >= 1, builds["long_edit_said"]
    assert builds["incremental"].read_bytes() == builds["cold"].read_bytes()
    # The ebook's page list follows the folios reprinted.
    page_map = [
        pdf.parent.parent / ".work/pdf" / PAGE_MAP
        for pdf in (builds["incremental"], builds["cold"])
    ]
    assert page_map[0].read_text("utf-8") == page_map[1].read_text("utf-8")


def test_a_typo_fixed_lays_out_only_its_chapter(builds: dict) -> None:
    assert len(builds["typo_laid_out"]) == 1


def test_contents_page_numbers_follow_the_edit(builds: dict) -> None:
    """The contents' page number for each chapter is where its heading is printed."""
    reader = PdfReader(builds["incremental"])
    labels = list(reader.page_labels)
    toc = next(i for i, page in enumerate(reader.pages) if "Mục lục" in page.extract_text())
    contents = tool("pdftotext", "-layout", "-f", str(toc + 1), "-l", str(toc + 3),
                    str(builds["incremental"]), "-")  # fmt: skip
    # The entry may wrap: its page number ends the first line that ends in digits.
    entry = re.search(r"Chương 4\..*?(\d+)$", contents, re.DOTALL | re.MULTILINE)
    assert entry, "chapter 4 is not in the contents"
    page = labels.index(entry[1])
    assert "Các chương trình, đề án của Tỉnh ủy" in reader.pages[page].extract_text()


def test_links_between_chunks_resolve(published: dict[str, Path]) -> None:
    with pikepdf.open(published["pdf"]) as document:
        flat = document.Root.Names.Dests.Names
        names = {str(flat[index]) for index in range(0, len(flat), 2)}
        targets = []
        for page in document.pages:
            for annotation in page.obj.get("/Annots", ()):
                assert not str(annotation.get("/A", {}).get("/URI", "")).startswith(ANCHOR_SCHEME)
                if "/Dest" in annotation:
                    targets.append(str(annotation.Dest))
    assert len(targets) > 50
    assert set(targets) <= names


def test_structure_tree_is_one_document(published: dict[str, Path]) -> None:
    """Every page's tags hang from the book's one Document, keyed uniquely in the parent tree."""
    with pikepdf.open(published["pdf"]) as document:
        tree = document.Root.StructTreeRoot
        assert len(tree.K) == 1 and tree.K[0].S == "/Document"
        nums = tree.ParentTree.Nums
        keys = [int(key) for key in nums[::2]]
        assert len(keys) == len(set(keys)) and int(tree.ParentTreeNextKey) > max(keys)
        pages = {page.obj.objgen for page in document.pages}
        used = [int(p.obj.StructParents) for p in document.pages if "/StructParents" in p.obj]
        assert len(used) > 0.8 * len(document.pages) and set(used) <= set(keys)
        for element in tree.K[0].K:
            assert element.P.objgen == tree.K[0].objgen
            if "/Pg" in element:
                assert element.Pg.objgen in pages


def test_page_labels_roman_then_arabic(published: dict[str, Path]) -> None:
    labels = list(PdfReader(published["pdf"]).page_labels)
    first_body = labels.index("1")
    assert labels[:4] == ["i", "ii", "iii", "iv"]
    assert first_body % 2 == 0  # page 1 is a right-hand page
    assert labels[first_body:] == [str(n) for n in range(1, len(labels) - first_body + 1)]


PRINT_DOCUMENT = """<!DOCTYPE html><html lang="vi"><head><title>T</title></head><body>
<section class="half-title"><p>T</p></section>
<div class="front-matter"><nav class="toc"><a href="#c1--title">1</a><a href="#c2">2</a></nav></div>
<main class="body-matter">
<section class="part-page" id="part-0"><h1>Phần I</h1></section>
<section class="chapter" id="c1" data-docname="c1"><h1 id="c1--title">Một</h1>
<p><a class="reference internal" href="#c2">Hai</a> <a href="#c1--title">đầu</a></p></section>
<section class="chapter" id="c2" data-docname="c2"><h1>Hai</h1></section>
</main></body></html>"""


def test_split_groups_a_part_page_with_its_first_chapter() -> None:
    chunks = split(PRINT_DOCUMENT)
    assert [(chunk.name, chunk.matter) for chunk in chunks] == [
        ("front", FRONT), ("c1", "body"), ("c2", "body"),
    ]  # fmt: skip
    assert {"part-0", "c1", "c1--title"} <= chunks[1].anchors
    assert chunks[1].refers_to == {"c2"}
    assert 'class="body-matter with-parts"' in chunks[1].markup
    assert f'href="{ANCHOR_SCHEME}c2"' in chunks[1].markup
    assert 'href="#c1--title"' in chunks[1].markup  # within the chunk: WeasyPrint's own
    assert 'data-page="7"' in chunks[1].filled({"c2": "7"})


def test_numbering_opens_every_chunk_on_a_right_hand_page() -> None:
    chunks = split(PRINT_DOCUMENT)
    numbering = number(
        chunks,
        {"front": 3, "c1": 5, "c2": 2},
        {"front": {"toc": 2}, "c1": {"c1--title": 2}, "c2": {"c2": 0}},
    )
    assert numbering.front_pages == 4  # i–iii and a blank page
    assert numbering.first_pages == {"front": 1, "c1": 1, "c2": 7}
    assert numbering.blank_after == {"front": True, "c1": True, "c2": False}
    assert numbering.labels == {"toc": "iii", "c1--title": "3", "c2": "7"}


WITH_CONTENTS = PRINT_DOCUMENT.replace(
    '<div class="front-matter"><nav class="toc">',
    '<div class="front-matter"><section class="chapter" id="pref"><h1>Lời nói đầu</h1></section>'
    '<nav class="toc" id="toc"><a href="#pref">i</a>',
)


def test_the_contents_are_a_chunk_of_their_own() -> None:
    chunks = split(WITH_CONTENTS)
    assert [(chunk.name, chunk.matter) for chunk in chunks] == [
        ("front", FRONT), ("contents", FRONT), ("c1", "body"), ("c2", "body"),
    ]  # fmt: skip
    front, contents = chunks[0], chunks[1]
    assert "pref" in front.anchors and 'id="toc"' not in front.markup
    assert contents.anchors == {"toc"} and contents.refers_to == {"pref", "c1--title", "c2"}
    assert '<div class="front-matter"><nav class="toc" id="toc">' in contents.markup


def test_a_front_matter_of_contents_alone_leaves_no_empty_block() -> None:
    front, contents = split(PRINT_DOCUMENT.replace('class="toc"', 'class="toc" id="toc"'))[:2]
    assert "front-matter" not in front.markup  # it would print an empty page
    assert contents.name == "contents"


def test_roman_numbers_run_on_through_the_contents() -> None:
    chunks = split(WITH_CONTENTS)
    numbering = number(
        chunks,
        {"front": 3, "contents": 2, "c1": 5, "c2": 2},
        {"front": {"pref": 2}, "contents": {"toc": 0}, "c1": {"c1--title": 2}, "c2": {"c2": 0}},
    )
    assert numbering.first_pages == {"front": 1, "contents": 5, "c1": 1, "c2": 7}
    assert numbering.labels == {"pref": "iii", "toc": "v", "c1--title": "3", "c2": "7"}
    assert numbering.front_pages == 6  # i–iii, a blank page, v–vi


def test_a_cold_build_measures_with_numbers_of_the_right_size() -> None:
    chunks = split(PRINT_DOCUMENT)
    long = chunks[1].markup + "x" * (200 * MARKUP_PER_PAGE)  # a 200-page chapter
    chunks[1] = replace(chunks[1], markup=long)
    lengths, anchors = estimate(chunks, {"front": 3}, {"front": {"toc": 2}})
    assert lengths["front"] == 3 and lengths["c1"] >= 200 and lengths["c2"] >= 1
    assert anchors["front"] == {"toc": 2} and anchors["c2"] == {"c2": 0}
    # Chapter 2 opens after the long one: its number has three digits, as it will in print.
    assert len(number(chunks, lengths, anchors).labels["c2"]) == 3


def objects_of_type(document: pikepdf.Pdf, kind: str) -> list[pikepdf.Dictionary]:
    return [
        obj
        for obj in document.objects
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == kind
    ]


def test_each_font_is_embedded_once(published: dict[str, Path]) -> None:
    """Every chunk embeds the book's faces; the book keeps one copy of each."""
    with pikepdf.open(published["pdf"]) as document:
        descriptors = objects_of_type(document, "/FontDescriptor")
        names = [str(descriptor.FontName).split("+")[-1] for descriptor in descriptors]
    assert len(names) == len(set(names)) >= 4, names


def test_no_chunk_leaves_its_own_structure_root(published: dict[str, Path]) -> None:
    with pikepdf.open(published["pdf"]) as document:
        assert len(objects_of_type(document, "/StructTreeRoot")) == 1


def test_front_matter_numbers_are_weasyprint_own_roman_numerals() -> None:
    from weasyprint.html import UA_COUNTER_STYLE

    from book.pdf.paginate import lower_roman

    for page in [*range(-2, 4010), 4999]:
        assert lower_roman(page) == UA_COUNTER_STYLE.render_value(page, "lower-roman"), page
