"""Figure numbers counted from outlines: Sphinx's numbers, without loading every doctree."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.util.docutils import docutils_namespace

from book import figure_numbers, press
from tests.conftest import write_book

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>h</title></svg>'


def figure(name: str, caption: bool = True) -> str:
    text = f"Chú thích {name}." if caption else ""
    return f"\n```{{figure}} /hinh.svg\n:name: {name}\n:alt: Hình\n\n{text}\n```\n"


def table(name: str) -> str:
    return f"\n```{{table}} Bảng {name}\n:name: {name}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n"


def listing(name: str) -> str:
    return f"\n```{{code-block}} python\n:caption: Mã {name}\n:name: {name}\n\nx = 1\n```\n"


# Numbered and unnumbered toctrees, a document that includes others from inside
# a section, figures before any section and deep in subsections, an uncaptioned
# figure (not numbered), tables and listings counted apart from figures.
SOURCES = {
    "index.md": "# Sách\n"
    + figure("fig-goc")
    + """
```{toctree}
loi-noi-dau
```

```{toctree}
:numbered:

mot
hai/index
```

```{toctree}
phu-luc
```
""",
    "loi-noi-dau.md": "# Lời nói đầu\n" + figure("fig-loi"),
    "mot.md": "# Một\n"
    + figure("fig-mot-dau")
    + "\n## Mục 1\n"
    + figure("fig-mot-a")
    + table("bang-mot")
    + "\n### Mục con\n"
    + figure("fig-mot-b")
    + listing("ma-mot")
    + figure("fig-khong-chu-thich", caption=False)
    + "\n## Mục 2\n"
    + figure("fig-mot-c"),
    "hai/index.md": "# Hai\n\n## Phần đầu\n"
    + figure("fig-hai-a")
    + """
```{toctree}
con-a
con-b
```
"""
    + "\n## Phần sau\n"
    + table("bang-hai"),
    "hai/con-a.md": "# Con A\n" + figure("fig-con-a") + "\n## Sâu\n" + figure("fig-con-a-2"),
    "hai/con-b.md": "# Con B\n" + listing("ma-con-b"),
    "phu-luc.md": "# Phụ lục\n" + figure("fig-phu-luc"),
}


def read_book(directory: Path, depth: int) -> BuildEnvironment:
    source = directory / "chapters"
    for name, text in SOURCES.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    (source / "hinh.svg").write_text(SVG, encoding="utf-8")
    with docutils_namespace():
        app = Sphinx(
            srcdir=source,
            confdir=None,
            outdir=directory / "out",
            doctreedir=directory / "doctrees",
            buildername="dummy",
            status=None,
            warning=None,
            confoverrides={
                "extensions": ["myst_parser"],
                "numfig": True,
                "numfig_secnum_depth": depth,
            },
        )
        app.build()
    return app.env


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_numbers_are_sphinx_own(tmp_path: Path, depth: int):
    env = read_book(tmp_path, depth)
    TocTreeCollector().assign_figure_numbers(env)
    expected = copy.deepcopy(env.toc_fignumbers)
    assert expected["mot"]["figure"]["fig-mot-b"]  # the book has something to number

    env.toc_fignumbers = {}
    changed = figure_numbers.assign_figure_numbers(env)

    assert env.toc_fignumbers == expected
    assert sorted(changed) == sorted(expected)
    assert "fig-khong-chu-thich" not in str(expected)


def test_only_documents_read_again_are_outlined(tmp_path: Path, monkeypatch):
    book = write_book(tmp_path, {**SOURCES, "hinh.svg": SVG})
    outlined: list[str] = []
    make_outline = figure_numbers.make_outline

    def recording(element, figure_type):
        if isinstance(element, nodes.document):
            outlined.append(Path(element["source"]).stem)
        return make_outline(element, figure_type)

    monkeypatch.setattr(figure_numbers, "make_outline", recording)
    press.build(book, ["html"], status=None)
    assert sorted(outlined) == sorted(Path(name).stem for name in SOURCES)

    # The new figure in chapter one is outlined from that chapter alone, and
    # renumbers what follows it in the chapter.
    outlined.clear()
    path = book / "chapters" / "mot.md"
    path.write_text(SOURCES["mot.md"].replace("## Mục 1\n", "## Mục 1\n" + figure("fig-moi")))
    site = press.build(book, ["html"], status=None)["html"]
    assert outlined == ["mot"]
    page = re.sub(r"<[^>]+>", "", (site / "mot.html").read_text(encoding="utf-8"))
    assert set(re.findall(r"Hình 1\.\d", page)) == {f"Hình 1.{n}" for n in range(1, 6)}
