"""A builder's last step run in a forked process: its result, its messages, its failures."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.console import nocolor

from book import press
from book.background import Background, BackgroundFailed, in_background
from tests.conftest import write_book

logger = logging.getLogger(__name__)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_book(
        tmp_path_factory.mktemp("background") / "book",
        {"index.md": "# Sách\n\n```{toctree}\n\nmot\n```\n", "mot.md": "# Một\n\nĐoạn.\n"},
    )


@pytest.fixture(scope="module")
def app(book: Path):
    nocolor()  # as the press does: its problems are read from plain text
    layout = press.Layout(book)
    app, problems = press.run_sphinx(
        layout, "html", outdir=layout.sphinx_outdir("html"), doctreedir=layout.doctree_dir
    )
    assert problems == []
    return app


def test_result_and_messages_come_back_as_sphinx_writes_them(app, book: Path):
    def work() -> dict:
        logger.info("đóng gói xong")
        logger.warning("thiếu ảnh", location=("mot", 3))
        return {"pid": os.getpid()}

    finished = Background(app, work).wait()
    assert finished.result["pid"] != os.getpid()
    assert "đóng gói xong" in finished.status
    problems = press.problems_from(finished.warnings, book)
    assert [(p.location, p.message) for p in problems] == [("chapters/mot.md:3", "thiếu ảnh")]
    assert (finished.error, finished.crash) == ("", "")


def test_a_sphinx_error_stops_the_step_as_it_stops_a_build(app):
    def work() -> None:
        raise ConfigError("book_cover sai")

    finished = Background(app, work).wait()
    assert (finished.error, finished.crash, finished.result) == ("book_cover sai", "", None)


def test_any_other_exception_comes_back_with_its_traceback(app):
    def work() -> None:
        raise ValueError("hỏng")

    finished = Background(app, work).wait()
    assert finished.crash == "hỏng"
    assert "ValueError: hỏng" in finished.traceback
    assert "in work" in finished.traceback


def test_a_step_killed_is_reported_not_waited_for(app):
    def work() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(BackgroundFailed, match="SIGKILL"):
        Background(app, work).wait()


def test_output_is_written_once_by_the_process_that_wrote_it(app, tmp_path: Path, monkeypatch):
    output = tmp_path / "output.txt"
    with output.open("w", encoding="utf-8") as stream:  # buffered, as a terminal's is not
        monkeypatch.setattr(sys, "stdout", stream)
        stream.write("trước khi tách|")  # still in the buffer when the child is forked

        def work() -> None:
            print("từ tiến trình con|", end="")

        Background(app, work).wait()
    assert output.read_text(encoding="utf-8") == "trước khi tách|từ tiến trình con|"


def test_an_abandoned_step_is_stopped(app):
    def work() -> None:
        time.sleep(60)

    started = time.monotonic()
    step = Background(app, work)
    step.abandon()
    assert step.wait().error == "abandoned"
    assert time.monotonic() - started < 30
    with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
        os.waitpid(step._pid, os.WNOHANG)


def test_without_fork_the_ebook_is_packaged_in_the_build(book: Path, monkeypatch, app):
    monkeypatch.delattr(os, "fork")
    assert in_background(app, lambda: None) is None
    path = press.build(book, ["epub"], status=None)["epub"]
    assert path.stat().st_size > 0
