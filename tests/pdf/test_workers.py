"""Layout processes: started early while Sphinx reads, the same PDF as laid out in-process."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from book import press
from book.pdf import builder
from book.pdf.workers import (
    FINISH,
    MIN_JOBS_FOR_POOL,
    WRITE,
    Task,
    Workers,
    workers_to_start_early,
)
from tests.conftest import SOURCE_DATE_EPOCH, write_book

INDEX = """# Sách thử

```{toctree}
:caption: Phần I
:numbered:

mot
hai
```
"""
CHAPTER = "# Chương {n}\n\nĐoạn văn của chương {n}, có dấu: Hải Dương, Chí Linh.\n"


@pytest.mark.parametrize(
    ("configured", "cold", "documents", "loaded", "expected"),
    [
        (2, True, 40, False, 2),  # a cold build of a long book: every worker
        (0, True, 40, False, None),  # 0: one per core
        (2, False, 40, False, 1),  # a rebuild: one, for the chapter or two that changed
        (2, True, MIN_JOBS_FOR_POOL - 1, False, 1),  # a short book: one
        (2, True, 40, True, 0),  # WeasyPrint already here: lay out in this process
        (1, True, 40, False, 0),  # one process allowed: this one
    ],
)
def test_how_many_workers_start_early(configured, cold, documents, loaded, expected, monkeypatch):
    monkeypatch.setattr("book.pdf.workers.available_cores", lambda: 3)
    count = workers_to_start_early(
        configured, cold=cold, documents=documents, weasyprint_loaded=loaded
    )
    assert count == (3 if expected is None else expected)


def build_pdf(directory: Path, early: int, monkeypatch) -> bytes:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.setattr(builder, "workers_to_start_early", lambda *args, **kwargs: early)
    book = write_book(
        directory,
        {"index.md": INDEX, "mot.md": CHAPTER.format(n=1), "hai.md": CHAPTER.format(n=2)},
        conf="book_pdf_processes = 2\n",
    )
    return press.build(book, ["pdf"], status=None)["pdf"].read_bytes()


def test_a_worker_started_early_lays_out_the_same_pdf(tmp_path: Path, monkeypatch):
    in_process = build_pdf(tmp_path / "in-process", 0, monkeypatch)
    in_worker = build_pdf(tmp_path / "worker", 1, monkeypatch)
    assert in_worker == in_process
    assert not multiprocessing.active_children()  # the worker is gone


def test_workers_stop_with_a_build_that_stops_before_the_layout(tmp_path: Path, monkeypatch):
    def broken(self):
        raise RuntimeError("hỏng trước khi dàn trang")

    monkeypatch.setattr(builder.PrintBuilder, "write_pdf", broken)
    with pytest.raises(press.BuildFailed, match="hỏng trước khi dàn trang"):
        build_pdf(tmp_path, 1, monkeypatch)
    assert not multiprocessing.active_children()


def test_a_build_with_problems_leaves_no_process_behind(tmp_path: Path, monkeypatch):
    build_pdf(tmp_path, 1, monkeypatch)
    # Sphinx goes on after the problem (to report them all), lays out and starts
    # the merge; the press refuses the edition and ends the merge's process.
    (tmp_path / "chapters/hai.md").write_text("# Hai\n\n{ref}`khong-co-nhan`\n", encoding="utf-8")
    with pytest.raises(press.BuildFailed, match="khong-co-nhan"):
        press.build(tmp_path, ["pdf"], status=None)
    assert not multiprocessing.active_children()


def test_a_free_worker_takes_the_chunks_it_keeps_first():
    class Inbox(list):
        put = list.append

    workers = Workers(0)  # no process: only the dispatching is looked at
    workers.inboxes = [Inbox(), Inbox()]
    front = Task(WRITE, "front")
    workers.submit(front)
    workers.submit(Task(FINISH, "chuong-2", worker=1))
    workers.submit(Task(FINISH, "chuong-1", worker=0))
    workers._dispatch()
    assert [task.job for task in workers.inboxes[0]] == ["chuong-1"]
    assert [task.job for task in workers.inboxes[1]] == ["chuong-2"]
    assert list(workers.waiting) == [front]  # for the first worker to be free
