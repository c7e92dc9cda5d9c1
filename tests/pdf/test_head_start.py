"""The print edition's processes started before Sphinx: taken by the builder, never left behind."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from book import press
from book.pdf import builder, head_start
from tests.conftest import SOURCE_DATE_EPOCH, write_book
from tests.pdf.test_workers import CHAPTER, INDEX


def _book(directory: Path) -> Path:
    return write_book(
        directory,
        {"index.md": INDEX, "mot.md": CHAPTER.format(n=1), "hai.md": CHAPTER.format(n=2)},
        conf="book_pdf_processes = 2\n",
    )


@pytest.fixture
def taken(monkeypatch) -> list[head_start.Started]:
    """What the print builder took from the head start, build after build (tests load
    WeasyPrint, where the press would start nothing)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.setattr(head_start, "worth_starting", lambda: True)
    monkeypatch.setattr(builder, "workers_to_start_early", lambda *args, **kwargs: 1)
    record: list[head_start.Started] = []
    take = head_start.take

    def recorded() -> head_start.Started:
        started = take()
        record.append(head_start.Started(started.workers, started.merger))
        return started

    monkeypatch.setattr(head_start, "take", recorded)
    return record


def test_the_print_builder_takes_the_processes_started_before_sphinx(
    tmp_path: Path, taken: list[head_start.Started], monkeypatch
):
    book = _book(tmp_path / "book")
    first = press.build(book, ["pdf"], status=None)["pdf"].read_bytes()
    # A first build has no merge to begin from: a layout worker only.
    assert taken[0].workers is not None and taken[0].merger is None
    (book / "chapters/hai.md").write_text(CHAPTER.format(n="hai, sửa"), encoding="utf-8")
    edited = press.build(book, ["pdf"], status=None)["pdf"].read_bytes()
    assert taken[1].workers is not None and taken[1].merger is not None
    assert not multiprocessing.active_children()

    # The same bytes as a book laid out and merged in this process.
    monkeypatch.setattr(head_start, "worth_starting", lambda: False)
    monkeypatch.setattr(builder, "workers_to_start_early", lambda *args, **kwargs: 0)
    alone = _book(tmp_path / "alone")
    assert press.build(alone, ["pdf"], status=None)["pdf"].read_bytes() == first
    (alone / "chapters/hai.md").write_text(CHAPTER.format(n="hai, sửa"), encoding="utf-8")
    assert press.build(alone, ["pdf"], status=None)["pdf"].read_bytes() == edited


def test_processes_nobody_took_end_with_the_build(tmp_path: Path, taken: list[head_start.Started]):
    book = _book(tmp_path)
    (book / "conf.py").write_text("book_pdf_processes = (\n", encoding="utf-8")  # broken
    with pytest.raises(press.BuildFailed):
        press.build(book, ["pdf"], status=None)
    assert taken == []  # Sphinx stopped before the print builder started
    assert not multiprocessing.active_children()


def test_nothing_starts_for_the_other_editions(
    tmp_path: Path, taken: list[head_start.Started], monkeypatch
):
    started = []
    monkeypatch.setattr(head_start, "start", started.append)
    press.build(_book(tmp_path), ["epub", "html"], status=None)
    assert started == [] and not multiprocessing.active_children()


def test_processes_started_before_the_press_are_kept_for_its_book(
    tmp_path: Path, taken: list[head_start.Started]
):
    # As tasks.py does, before it imports the press: the same processes go to the builder.
    book = _book(tmp_path / "book")
    head_start.start(press.Layout(book).sphinx_outdir("pdf"))
    early = head_start._started.workers
    press.build(book, ["pdf"], status=None)
    assert taken[0].workers is early
    # Started for another book, they are closed and others started for this one.
    head_start.start(tmp_path / "another" / "build/.work/pdf")
    other = head_start._started.workers
    press.build(book, ["pdf"], status=None)
    assert taken[1].workers is not other and other.processes == []
    assert not multiprocessing.active_children()


def test_processes_started_for_a_book_that_is_not_one_end_with_the_build(
    tmp_path: Path, taken: list[head_start.Started]
):
    head_start.start(press.Layout(tmp_path).sphinx_outdir("pdf"))
    with pytest.raises(press.BuildFailed, match=r"conf\.py"):
        press.build(tmp_path, ["pdf"], status=None)
    assert taken == [] and not multiprocessing.active_children()
