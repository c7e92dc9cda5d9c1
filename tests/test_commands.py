"""``./press`` alone or with a misspelled task answers in Vietnamese (book.commands)."""

from __future__ import annotations

import subprocess

from invoke import Collection

import tasks
from book import commands
from tests.conftest import ROOT


def test_every_task_is_described_and_nothing_else():
    names = set(Collection.from_module(tasks).task_names)
    assert set(commands.TASKS) == names


def test_a_misspelled_task_gets_the_nearest_one():
    said = commands.unknown("publsh")
    assert said.startswith("Không có lệnh “publsh”. Có phải ý bạn là: ./press publish?")
    assert "Các lệnh:" in said


def test_known_tasks_and_options_go_on_to_invoke(capsys):
    assert commands.main(["publish", "--book", "x"]) == 0
    assert commands.main(["new_chapter"]) == 0
    assert commands.main(["--list"]) == 0
    assert commands.main([]) == commands.LISTED
    assert "xuất bản cả ba ấn bản" in capsys.readouterr().out
    assert commands.main(["xuatban"]) == 2


def test_the_wrapper_says_it_and_exits_non_zero():
    result = subprocess.run(
        [str(ROOT / "press"), "publsh"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "Có phải ý bạn là: ./press publish?" in result.stderr
    assert "No idea" not in result.stderr + result.stdout
    alone = subprocess.run([str(ROOT / "press")], capture_output=True, text=True, check=False)
    assert alone.returncode == 0 and "Các lệnh:" in alone.stdout
