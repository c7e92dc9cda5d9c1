"""The book model: parts from the root toctrees, chapters numbered through the parts."""

from __future__ import annotations

import re
from pathlib import Path

from book import press
from tests.conftest import write_book

INDEX = """# Sách hai phần

```{toctree}
loi-noi-dau
```

```{toctree}
:caption: Phần I
:numbered:

mot
hai
```

```{toctree}
:caption: Phần II
:numbered:

ba
```

```{toctree}
:caption: Phụ lục

phu-luc
```
"""


def chapter(title: str, figure: str) -> str:
    return f"""# {title}

## Mục đầu

```{{figure}} hinh.svg
:name: {figure}
:alt: Hình minh họa

Chú thích {figure}.
```

Xem {{numref}}`Hình %s <{figure}>`.
"""


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>h</title></svg>'


def figures_book(directory: Path) -> Path:
    """Front matter, two numbered parts (chapters one, two; three), back matter; a figure each."""
    return write_book(
        directory,
        {
            "index.md": INDEX,
            "loi-noi-dau.md": "# Lời nói đầu\n\nVăn bản.\n",
            "mot.md": chapter("Một", "fig-mot"),
            "hai.md": chapter("Hai", "fig-hai"),
            "ba.md": chapter("Ba", "fig-ba"),
            "phu-luc.md": "# Phụ lục A\n\nVăn bản.\n",
            "hinh.svg": SVG,
        },
    )


def figure_numbers(site: Path, page: str) -> set[str]:
    """The figure numbers a page of the website shows ("Hình 3.1")."""
    text = re.sub(r"<[^>]+>", "", (site / page).read_text(encoding="utf-8"))
    return set(re.findall(r"Hình \d+\.\d+", text))


def test_chapters_and_figures_are_numbered_through_parts(tmp_path: Path):
    book = figures_book(tmp_path)
    site = press.build(book, ["html"], status=None)["html"]

    assert figure_numbers(site, "mot.html") == {"Hình 1.1"}
    assert figure_numbers(site, "hai.html") == {"Hình 2.1"}
    # Part II goes on from Part I: chapter 3, and its first figure is 3.1.
    assert figure_numbers(site, "ba.html") == {"Hình 3.1"}
    assert '<span class="section-number">3.1. </span>Mục đầu' in (site / "ba.html").read_text()
    # Front and back matter are not numbered.
    for page in ("loi-noi-dau.html", "phu-luc.html"):
        assert not re.search(r"<h1>\s*<span class=\"section-number", (site / page).read_text())


def test_parts_come_from_the_root_toctrees(tmp_path: Path):
    from sphinx.application import Sphinx

    book = write_book(
        tmp_path,
        {
            "index.md": INDEX,
            "loi-noi-dau.md": "# Lời nói đầu\n",
            "mot.md": "# Một\n",
            "hai.md": "# Hai\n",
            "ba.md": "# Ba\n",
            "phu-luc.md": "# Phụ lục A\n",
        },
    )
    from sphinx.util.docutils import docutils_namespace

    from book import model

    with docutils_namespace():
        app = Sphinx(
            book / "chapters",
            book,
            tmp_path / "out",
            tmp_path / "dt",
            "html",
            status=None,
            warning=None,
        )
        app.build()
        parts = model.parts(app.env)
        order = model.reading_order(app.env)
    assert [(p.kind, p.title, p.docnames) for p in parts] == [
        ("front", "", ["loi-noi-dau"]),
        ("body", "Phần I", ["mot", "hai"]),
        ("body", "Phần II", ["ba"]),
        ("back", "Phụ lục", ["phu-luc"]),
    ]
    assert [p.number for p in parts] == [0, 1, 2, 0]
    assert order == ["index", "loi-noi-dau", "mot", "hai", "ba", "phu-luc"]


def test_an_edition_that_reads_nothing_keeps_the_numbers(tmp_path: Path, monkeypatch):
    from sphinx.environment.collectors.toctree import TocTreeCollector

    book = figures_book(tmp_path)
    numberings = []
    numbering = TocTreeCollector.get_updated_docs
    monkeypatch.setattr(
        TocTreeCollector,
        "get_updated_docs",
        lambda self, app, env: numberings.append(app.builder.name) or numbering(self, app, env),
    )

    press.build(book, ["epub"], status=None)
    site = press.build(book, ["html"], status=None)["html"]
    assert numberings == ["epub"]  # the website read nothing: no walk through every doctree
    assert figure_numbers(site, "ba.html") == {"Hình 3.1"}

    # A chapter read again is numbered again, and the change reaches the others.
    second_figure = "\n```{figure} hinh.svg\n:name: fig-hai-2\n:alt: H\n\nThêm.\n```\n"
    (book / "chapters/hai.md").write_text(
        chapter("Hai", "fig-hai") + second_figure, encoding="utf-8"
    )
    site = press.build(book, ["html"], status=None)["html"]
    assert numberings == ["epub", "html"]
    assert figure_numbers(site, "hai.html") >= {"Hình 2.1", "Hình 2.2"}
    assert figure_numbers(site, "ba.html") == {"Hình 3.1"}
