"""The benchmark runs (on a tiny corpus); its figures are not judged here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.corpus import edit_one_chapter, undo_edit, write_corpus
from benchmarks.run import Figure, comparison, main


def test_corpus_is_deterministic_and_editable(tmp_path: Path):
    first = write_corpus(tmp_path / "a", 4)
    second = write_corpus(tmp_path / "b", 4)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes()
    text = (first / "chapters" / "002-chuong.md").read_text(encoding="utf-8")
    for feature in ("{figure}", "{list-table}", "[^c2a]", "{numref}", "### ", "- "):
        assert feature in text
    original = (second / "chapters" / "002-chuong.md").read_text(encoding="utf-8")
    edited = edit_one_chapter(first, 4)
    assert edited.read_text(encoding="utf-8") != original
    assert undo_edit(first, 4).read_text(encoding="utf-8") == original
    with pytest.raises(ValueError):
        undo_edit(first, 4)


def test_benchmark_runs_on_a_tiny_corpus(tmp_path: Path, capsys):
    out = tmp_path / "figures.json"
    assert main(["--sizes", "2", "--no-peers", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "publish cold" in printed and "publish after edit" in printed
    saved = json.loads(out.read_text())
    assert saved["machine"]["cores"] >= 1
    figures = saved["sizes"]["2"]
    labels = {figure["label"] for figure in figures}
    assert {"pdf cold", "epub cold", "html cold", "publish cold", "publish after edit",
            "publish after pages moved"} <= labels  # fmt: skip
    assert all(figure["seconds"] > 0 and figure["peak_mb"] > 10 for figure in figures)
    for figure in figures:
        if "after edit" in figure["label"]:  # the median of three edits, each kept
            assert len(figure["samples"]) == 3
            assert figure["seconds"] == sorted(figure["samples"])[1]
        else:
            assert figure["samples"] == []


def test_comparison_with_an_earlier_run() -> None:
    now = {20: [Figure("publish cold", 30.0, 200.0), Figure("pdf cold", 10.0, 100.0)]}
    earlier = {"sizes": {"20": [{"label": "publish cold", "seconds": 60.0, "peak_mb": 400.0}]}}
    lines = comparison(now, earlier).splitlines()
    assert any("publish cold" in line and "0.50" in line for line in lines)
    assert not any("pdf cold" in line for line in lines)  # nothing to compare it with
