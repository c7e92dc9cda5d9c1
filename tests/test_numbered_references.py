"""Numbered references: Sphinx's own text and links, each target chapter unpickled once."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import docutils_namespace

from book import numbered_references
from tests.test_figure_numbers import SOURCES, SVG

REFERRING = """# Tham chiếu

Xem {numref}`fig-mot-a`, {numref}`bang-mot`, {numref}`ma-mot`,
{numref}`Hình {number}: {name} <fig-con-a>`, {numref}`fig-hai-a`, {numref}`bang-hai`
và {numref}`ma-con-b`.

Mục: {numref}`muc-hai`. Không chú thích: {numref}`fig-khong-chu-thich`.
"""
MORE = "# Thêm\n\nLại {numref}`fig-mot-b` và {numref}`fig-mot-c`.\n"


def build(directory: Path, extensions: list[str], edit: str = "") -> tuple[dict[str, str], str]:
    """The resolved doctrees (Sphinx's XML) of the two referring pages, and the warnings."""
    source = directory / "chapters"
    sources = {
        **SOURCES,
        "mot.md": SOURCES["mot.md"].replace("## Mục 2\n", "(muc-hai)=\n## Mục 2\n") + edit,
        "index.md": SOURCES["index.md"].replace("phu-luc\n", "phu-luc\ntham-chieu\nthem\n"),
        "tham-chieu.md": REFERRING,
        "them.md": MORE,
    }
    for name, text in sources.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    (source / "hinh.svg").write_text(SVG, encoding="utf-8")
    warnings = directory / "warnings.txt"
    with docutils_namespace(), warnings.open("w", encoding="utf-8") as warning_stream:
        app = Sphinx(
            srcdir=source,
            confdir=None,
            outdir=directory / "out",
            doctreedir=directory / "doctrees",
            buildername="xml",
            status=None,
            warning=warning_stream,
            confoverrides={"extensions": ["myst_parser", *extensions], "numfig": True},
        )
        app.build()
    pages = {
        name: (directory / "out" / f"{name}.xml").read_text().replace(str(directory), "")
        for name in ("tham-chieu", "them")
    }
    return pages, warnings.read_text(encoding="utf-8").replace(str(directory), "")


@pytest.fixture
def unpickled(monkeypatch) -> Counter:
    """How many times each doctree is unpickled."""
    counts: Counter = Counter()
    get_doctree = BuildEnvironment.get_doctree

    def counted(env, docname):
        counts[docname] += 1
        return get_doctree(env, docname)

    monkeypatch.setattr(BuildEnvironment, "get_doctree", counted)
    monkeypatch.setattr(numbered_references, "_targets", type(numbered_references._targets)())
    return counts


def test_references_are_sphinx_own(tmp_path: Path, unpickled: Counter):
    ours, our_warnings = build(tmp_path / "ours", ["book.numbered_references"])
    theirs, their_warnings = build(tmp_path / "theirs", [])

    assert ours == theirs
    # Sphinx's labels ("Fig."/"Hình") depend on the catalogue loaded first in the process.
    numbers = re.findall(r'std-numref">([^<]*)<', ours["tham-chieu"] + ours["them"])
    assert [re.sub(r"^\D*", "", number) for number in numbers] == [
        "1.2", "1.1", "1.1", "2.2: Chú thích fig-con-a.", "2.1", "2.1", "2.1", "1.2", "",
        "1.3", "1.4",
    ]  # fmt: skip
    assert numbers[8] == "fig-khong-chu-thich"  # no number: Sphinx leaves the target's name
    assert our_warnings == their_warnings
    assert "fig-khong-chu-thich" in our_warnings  # Sphinx's warning, kept


def test_each_target_chapter_is_unpickled_once(tmp_path: Path, unpickled: Counter):
    build(tmp_path / "theirs", [])
    # Seven references point into "mot": Sphinx unpickles it for each, and once to write it.
    assert unpickled["mot"] == 1 + 7

    unpickled.clear()
    build(tmp_path / "ours", ["book.numbered_references"])
    assert unpickled["mot"] == 1 + 1


def test_an_edition_that_follows_reuses_the_targets_until_a_chapter_changes(
    tmp_path: Path, unpickled: Counter
):
    build(tmp_path, ["book.numbered_references"])
    unpickled.clear()
    (tmp_path / "out").rename(tmp_path / "first")  # written again, as the next edition would
    build(tmp_path, ["book.numbered_references"])
    assert unpickled["mot"] == 1  # written again; its targets kept from the first edition

    unpickled.clear()
    build(tmp_path, ["book.numbered_references"], edit="\n## Mục 3\n\nx\n")
    assert unpickled["mot"] == 1 + 1  # read again: written, and its targets taken anew


def test_a_doctree_only_in_memory_is_read_as_sphinx_reads_it(tmp_path: Path, monkeypatch):
    from docutils import nodes
    from docutils.utils import new_document

    document = new_document("x")
    figure = nodes.figure(ids=["hinh-a"])
    document += figure
    document.note_implicit_target(figure)
    monkeypatch.setattr(BuildEnvironment, "get_doctree", lambda env, docname: document)
    env = type("Env", (), {"doctreedir": tmp_path})()  # no doctree file there

    assert numbered_references.targets_of(env, "x").ids["hinh-a"] is figure
