"""A kept chunk is never reused by another engine or another version of the press's code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from book import press
from book.pdf import engine
from tests.conftest import write_book

CHAPTERS = {
    "index.md": "# Sách thử\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\nmot\nhai\n```\n",
    "mot.md": "# Chương một\n\nĐoạn văn của chương một.\n",
    "hai.md": "# Chương hai\n\nĐoạn văn của chương hai.\n",
}


def test_versions_are_read_from_the_libraries_themselves():
    versions = engine.native_versions()
    assert all(re.fullmatch(r"\d+(\.\d+)*", version) for version in versions.values()), versions
    assert set(engine.package_versions()) >= {"weasyprint", "pydyf", "pikepdf"}


def _changed(what: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if what == "press code":
        monkeypatch.setattr(engine, "press_code_digest", lambda: "another")
    elif what in engine.NATIVE:
        real = engine.native_version
        monkeypatch.setattr(
            engine, "native_version", lambda library: "99.0" if library == what else real(library)
        )
    else:
        real_packages = engine.package_versions
        monkeypatch.setattr(engine, "package_versions", lambda: {**real_packages(), what: "99.0"})
    engine.fingerprint.cache_clear()


@pytest.mark.parametrize(
    "what", ["weasyprint", "pydyf", "pikepdf", "pango", "harfbuzz", "fontconfig", "press code"]
)
def test_a_changed_engine_lays_every_chunk_out_again(
    what: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    book = write_book(tmp_path, CHAPTERS)
    press.build(book, ["pdf"], status=None)
    cache = book / "build/.work/pdf/chunks"
    before = set(cache.glob("*.pdf"))
    press.build(book, ["pdf"], status=None)
    assert set(cache.glob("*.pdf")) == before, "nothing changed: every chunk is kept"
    _changed(what, monkeypatch)
    try:
        press.build(book, ["pdf"], status=None)
    finally:
        monkeypatch.undo()
        engine.fingerprint.cache_clear()
    laid_out = set(cache.glob("*.pdf")) - before
    assert len(laid_out) == len(before)
