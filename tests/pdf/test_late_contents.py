"""The contents laid out while the other editions are built: the same book, the same checks."""

from __future__ import annotations

import io
import multiprocessing
from pathlib import Path

import pytest

from book import press
from book.pdf import builder
from book.pdf.late_contents import ContentsThenMerge, LateProblems
from book.pdf.paginate import Paginator
from tests.conftest import SOURCE_DATE_EPOCH, write_book

CHAPTERS = ["mot", "hai", "ba", "bon", "nam"]
INDEX = "# Sách thử\n\n```{toctree}\n:numbered:\n\n" + "\n".join(CHAPTERS) + "\n```\n"


def _book(directory: Path) -> Path:
    chapters = {
        f"{name}.md": f"# Chương {name}\n\n## Mục một\n\nĐoạn văn: Hải Dương, Chí Linh.\n"
        for name in CHAPTERS
    }
    return write_book(directory, {"index.md": INDEX, **chapters}, conf="book_pdf_processes = 2\n")


def _publish(book: Path, editions: list[str]) -> tuple[dict[str, Path], str]:
    status = io.StringIO()
    return press.build(book, editions, status=status, verbose=True), status.getvalue()


def test_contents_left_to_a_worker_make_the_same_pdf(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    late, said = _publish(_book(tmp_path / "late"), ["pdf", "epub"])
    assert "đang dàn trang mục lục" in said  # they were left to a worker

    run = Paginator.run
    monkeypatch.setattr(Paginator, "run", lambda self, leave_contents=False: run(self))
    in_order, said = _publish(_book(tmp_path / "in-order"), ["pdf", "epub"])
    assert "đang dàn trang mục lục" not in said
    assert late["pdf"].read_bytes() == in_order["pdf"].read_bytes()
    assert late["epub"].read_bytes() == in_order["epub"].read_bytes()
    assert not multiprocessing.active_children()


def test_a_problem_in_the_contents_fails_the_edition(tmp_path: Path, monkeypatch):
    found = builder.layout_problems

    def problems(laid, numbering, *line_of):
        if any(item.chunk.name == "contents" for item in laid):
            return [builder.LayoutProblem("WeasyPrint: mục lục hỏng", None, "weasyprint")]
        return found(laid, numbering, *line_of)

    monkeypatch.setattr(builder, "layout_problems", problems)
    book = _book(tmp_path)
    with pytest.raises(press.BuildFailed, match="mục lục hỏng") as failure:
        _publish(book, ["pdf", "epub"])
    assert "ấn bản PDF" in str(failure.value)
    assert not (book / "build/pdf").exists()
    assert not multiprocessing.active_children()


class _Merger:
    closed = False

    def close(self) -> None:
        self.closed = True


class _Paginator:
    def __init__(self, finish) -> None:
        self.finish_contents = finish
        self.abandoned = False

    def abandon_contents(self) -> None:
        self.abandoned = True


def test_problems_are_raised_by_wait_and_the_merge_never_starts():
    merger, started = _Merger(), []
    waiting = ContentsThenMerge(
        _Paginator(lambda: "contents"), merger, check=lambda laid: ["tràn lề"], merge=started.append
    )
    with pytest.raises(LateProblems) as late:
        waiting.wait()
    assert late.value.problems == ["tràn lề"]
    assert started == [] and merger.closed


def test_the_merge_starts_once_the_contents_are_laid_out():
    class Merging:
        def wait(self) -> int:
            return 42

    merger = _Merger()
    waiting = ContentsThenMerge(
        _Paginator(lambda: "contents"), merger, check=lambda laid: [], merge=lambda laid: Merging()
    )
    assert waiting.wait() == 42
    assert not merger.closed  # the merge's own process ends with the merge


def test_abandoning_stops_the_layout_and_the_merge_process():
    def stopped() -> None:
        raise RuntimeError("các tiến trình dàn trang đã bị dừng")

    paginator, merger = _Paginator(stopped), _Merger()
    waiting = ContentsThenMerge(paginator, merger, check=lambda laid: [], merge=lambda laid: None)
    waiting.abandon()
    assert paginator.abandoned and merger.closed


def test_a_layout_that_fails_leaves_no_worker_behind(tmp_path: Path, monkeypatch):
    """The workers are kept for the contents only once the contents are handed to them."""

    def failing(self, lengths, anchors, late):
        raise RuntimeError("hỏng giữa các vòng dàn trang")

    monkeypatch.setattr(Paginator, "_rounds", failing)
    with pytest.raises(press.BuildFailed, match="hỏng giữa các vòng dàn trang"):
        _publish(_book(tmp_path), ["pdf", "epub"])
    assert not multiprocessing.active_children()
