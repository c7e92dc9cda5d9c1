"""A merge begun early, with the chunks before an edited chapter, writes the same book."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from book import press
from book.pdf import merge as merging
from book.pdf import merge_plan
from book.pdf.chunks import split
from book.pdf.merge import MergePart, MergeProcess
from book.pdf.paginate import SHAPES, number
from tests.conftest import SOURCE_DATE_EPOCH, write_book

DATE = datetime(2023, 1, 16, tzinfo=UTC)


@pytest.fixture(scope="module")
def parts(published: dict[str, Path], sample_book: Path) -> tuple[list[MergePart], int]:
    """The sample's chunks as the print edition's build merged them, and its front pages."""
    work = sample_book / "build/.work/pdf"
    chunks = split((work / "print.html").read_text(encoding="utf-8"))
    cache = work / "chunks"
    measures = json.loads((cache / "measures.json").read_text(encoding="utf-8"))
    laid = {}
    for record in cache.glob("*.json"):
        if record.name not in ("measures.json", SHAPES):
            result = json.loads(record.read_text(encoding="utf-8"))
            laid[result["name"]] = (record.with_suffix(".pdf"), result)
    numbering = number(
        chunks,
        {name: entry["pages"] for name, entry in measures.items()},
        {name: entry["anchors"] for name, entry in measures.items()},
    )
    book = [
        MergePart(
            laid[chunk.name][0],
            [tuple(mark) for mark in laid[chunk.name][1]["bookmarks"]],
            numbering.blank_after[chunk.name],
        )
        for chunk in chunks
    ]
    return book, numbering.front_pages


def _merged(parts: list[MergePart], front_pages: int, target: Path) -> bytes:
    merging.merge(parts, target, front_pages=front_pages, date=DATE)
    return target.read_bytes()


def test_a_merge_goes_on_from_the_parts_begun(parts, published, tmp_path: Path):
    book, front_pages = parts
    whole = _merged(book, front_pages, tmp_path / "whole.pdf")
    assert whole == published["pdf"].read_bytes()  # the same merge as the build's

    merging.begin(book[: len(book) // 2])
    begun = merging._begun
    assert begun is not None and len(begun.parts) == len(book) // 2
    assert _merged(book, front_pages, tmp_path / "begun.pdf") == whole
    assert merging._begun is None  # the book begun is not kept for another merge


def test_a_beginning_that_proved_wrong_is_started_again(parts, tmp_path: Path):
    book, front_pages = parts
    whole = _merged(book, front_pages, tmp_path / "whole.pdf")
    wrong = [*book[:2], replace(book[2], blank_after=not book[2].blank_after)]
    merging.begin(wrong)
    assert _merged(book, front_pages, tmp_path / "again.pdf") == whole


def _book_of(directory: Path, chapters: list[str]) -> Path:
    """A book of short chapters, laid out by two processes (a merge of its own)."""
    index = "# Sách thử\n\n```{toctree}\n:numbered:\n\n" + "\n".join(chapters) + "\n```\n"
    return write_book(
        directory,
        {
            "index.md": index,
            **{f"{name}.md": f"# Chương {name}\n\nĐoạn văn.\n" for name in chapters},
        },
        conf="book_pdf_processes = 2\n",
    )


def test_a_rebuild_begins_the_merge_with_the_chapters_before_the_edit(tmp_path: Path, monkeypatch):
    book = _book_of(tmp_path, ["mot", "hai", "ba", "bon", "nam"])
    press.build(book, ["pdf"], status=None)
    begun: list[tuple[list[MergePart], list[MergePart]]] = []
    monkeypatch.setattr(
        MergeProcess, "begin", lambda self, parts, later=(): begun.append((parts, later))
    )
    (book / "chapters/bon.md").write_text("# Chương bon\n\nĐoạn văn đã sửa.\n", encoding="utf-8")
    press.build(book, ["pdf"], status=None)
    # The title pages, the contents (kept) and the three chapters before the edited one.
    # Begun twice: while Sphinx reads (the chunks before the chapter read again,
    # as the last merge had them, and the chapter after it to open), then when the
    # layout's rounds know them.
    assert [(len(parts), len(later)) for parts, later in begun] == [(5, 1), (5, 0)]
    assert begun[0][0] == begun[1][0]


@pytest.fixture
def opened(monkeypatch) -> list[Path]:
    """The paths the merge opens, in order."""
    paths: list[Path] = []
    open_pdf = merging.Pdf.open
    monkeypatch.setattr(
        merging.Pdf, "open", lambda path, *a, **k: paths.append(path) or open_pdf(path, *a, **k)
    )
    return paths


def test_a_book_begun_is_taken_further_with_the_same_first_parts(
    parts, tmp_path: Path, opened: list[Path]
):
    book, front_pages = parts
    whole = _merged(book, front_pages, tmp_path / "whole.pdf")
    opened.clear()

    merging.begin(book[:2])
    merging.begin(book[:4])
    assert opened == [part.path for part in book[:4]]  # each part joined once
    assert _merged(book, front_pages, tmp_path / "further.pdf") == whole


def test_the_plan_gives_the_parts_around_the_chapters_read_again(parts, tmp_path: Path):
    book, _ = parts
    names = ["front", "contents", *(f"chuong-{index}" for index in range(2, len(book)))]
    plan = tmp_path / merge_plan.PLAN
    merge_plan.save_plan(plan, names, book)

    # Before the first chapter read again; after it, those not read again.
    assert merge_plan.parts_around(plan, {"chuong-3", "chuong-4"}) == (book[:3], book[5:])
    assert merge_plan.parts_around(plan, {"chuong-3", "chuong-5"}) == (
        book[:3],
        [book[4], *book[6:]],
    )
    assert merge_plan.parts_around(plan, []) == ([], [])
    # A front chapter or the root read again: the front chunk may change, the first of all.
    assert merge_plan.parts_around(plan, {"chuong-3", "loi-gioi-thieu"}) == ([], [])
    assert merge_plan.parts_around(tmp_path / "none.json", {"chuong-3"}) == ([], [])
    for damaged in ("{", '{"name": "front"}', '[{"name": "chuong-3"}]', "[1, 2]"):
        plan.write_text(damaged, encoding="utf-8")
        assert merge_plan.parts_around(plan, {"chuong-3"}) == ([], [])


def test_parts_opened_ahead_are_joined_as_if_opened_then(parts, tmp_path: Path, opened: list[Path]):
    book, front_pages = parts
    whole = _merged(book, front_pages, tmp_path / "whole.pdf")
    opened.clear()
    # The third part is being laid out again: the book is begun before it, the rest opened.
    merging.begin(book[:2], book[3:])
    assert set(merging._opened) == {part.path for part in book[3:]}
    assert _merged(book, front_pages, tmp_path / "ahead.pdf") == whole
    assert sorted(map(str, opened)) == sorted(str(part.path) for part in book)  # once each
    assert not merging._opened

    # Parts opened that the merge does not want are closed with it.
    merging.begin([], [replace(book[-1], path=tmp_path / "whole.pdf")])
    assert _merged(book, front_pages, tmp_path / "again.pdf") == whole
    assert not merging._opened


def test_a_wrong_plan_costs_time_not_bytes(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    book = _book_of(tmp_path, ["mot", "hai", "ba", "bon"])
    press.build(book, ["pdf"], status=None)
    edited = book / "chapters/ba.md"
    edited.write_text("# Chương ba\n\nĐoạn văn đã sửa.\n", encoding="utf-8")
    published = press.build(book, ["pdf"], status=None)["pdf"]
    expected = published.read_bytes()

    # The plan names the right chunks with each other's PDFs: the merge begun from
    # it must be thrown away. Sphinx reads the chapter again (touched, not changed).
    plan_path = book / "build/.work/pdf" / merge_plan.PLAN
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    plan[1]["path"], plan[2]["path"] = plan[2]["path"], plan[1]["path"]
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    edited.touch()
    begun: list[list[MergePart]] = []
    begin = MergeProcess.begin
    monkeypatch.setattr(
        MergeProcess,
        "begin",
        lambda self, parts, later=(): begun.append(parts) or begin(self, parts, later),
    )
    assert press.build(book, ["pdf"], status=None)["pdf"].read_bytes() == expected
    assert [part.path.name for part in begun[0]] == [Path(entry["path"]).name for entry in plan[:4]]
