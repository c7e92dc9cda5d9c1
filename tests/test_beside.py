"""An edition's Sphinx run forked before the others: released, heard, asked again, ended."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from book.beside import Beside, BesideFailed


def _crash(error: BaseException) -> str:
    return f"crash: {error}"


def _reaped(beside: Beside) -> bool:
    try:
        os.waitpid(beside._pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_it_runs_once_released_and_is_asked_again_in_the_same_process(tmp_path: Path):
    ran, after = tmp_path / "ran", tmp_path / "after"

    def run(status):
        ran.write_text(str(os.getpid()))
        status.write("đã dựng\n")
        return {"pid": os.getpid()}, []

    def rewrite(app) -> list:
        after.write_text(str(app["pid"]))
        return []

    beside = Beside(run, rewrite, _crash)
    time.sleep(0.3)
    assert not ran.exists()  # waits for the book to be read
    beside.release()
    said = beside.built()
    assert (said.status, said.problems) == ("đã dựng\n", [])
    assert int(ran.read_text()) != os.getpid()
    assert beside.after().problems == []
    assert after.read_text() == ran.read_text()  # the application it built, kept
    assert _reaped(beside)


def test_problems_end_it_without_asking_again(tmp_path: Path):
    after = tmp_path / "after"
    beside = Beside(lambda status: ("app", ["chapters/mot.md:3: hỏng"]), after.touch, _crash)
    assert beside.built().problems == ["chapters/mot.md:3: hỏng"]
    beside.abandon()
    assert _reaped(beside) and not after.exists()


def test_an_exception_comes_back_as_a_problem():
    def run(status):
        raise ValueError("hỏng")

    beside = Beside(run, lambda app: [], _crash)
    assert beside.built().problems == ["crash: hỏng"]
    beside.abandon()


def test_a_process_killed_is_reported():
    def run(status):
        os.kill(os.getpid(), signal.SIGKILL)

    beside = Beside(run, lambda app: [], _crash)
    with pytest.raises(BesideFailed, match="SIGKILL"):
        beside.built()
    assert _reaped(beside)


def test_abandoned_before_it_was_released_it_never_runs(tmp_path: Path):
    ran = tmp_path / "ran"
    beside = Beside(lambda status: (ran.touch(), []), lambda app: [], _crash)
    beside.abandon()
    beside.abandon()  # twice: nothing more
    assert _reaped(beside) and not ran.exists()
