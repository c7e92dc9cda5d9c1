"""The sidebar's tree, made once and marked per page, is the tree Furo makes for each page."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from book import press
from book.html import navigation
from tests.conftest import write_book

CHAPTERS = {
    "index.md": """# Sổ tay

```{toctree}
:caption: Phần I. Trung ương
:numbered: 2
:maxdepth: 2

a
sub/b
```

```{toctree}
:caption: Phụ lục
:hidden:

e
```
""",
    "a.md": "# Chương A\n\n## Mục một\n\nChữ.\n\n## Mục hai\n\nChữ.\n",
    "sub/b.md": "# Chương B\n\n```{toctree}\n:maxdepth: 1\n\nc\nd\n```\n\n## Mục của B\n\nChữ.\n",
    "sub/c.md": "# Tiết C\n\nChữ.\n",
    "sub/d.md": "# Tiết D\n\n## Mục của D\n\nChữ.\n",
    "e.md": "# Phụ lục E\n\nChữ.\n",
}


def _trees(book: Path, outdir: Path) -> dict[str, str]:
    layout = press.Layout(book)
    app, problems = press.run_sphinx(
        layout, "html", outdir=outdir, doctreedir=layout.doctree_dir, freshenv=True
    )
    assert app is not None and not problems, problems
    trees = {}
    for page in sorted(outdir.rglob("*.html")):
        document = html.parse(str(page)).getroot()
        tree = document.find_class("sidebar-tree")
        trees[str(page.relative_to(outdir))] = html.tostring(tree[0], encoding="unicode")
    return trees


def test_every_page_gets_the_tree_furo_would_make(tmp_path, monkeypatch):
    book = write_book(tmp_path / "book", CHAPTERS)
    fast = _trees(book, tmp_path / "fast")
    monkeypatch.setattr(navigation, "uses_furo", lambda app: False)
    furo = _trees(book, tmp_path / "furo")

    assert set(fast) == set(furo)
    assert {"a.html", "sub/b.html", "sub/c.html", "e.html", "search.html"} <= set(fast)
    for page, tree in furo.items():
        assert fast[page] == tree.replace(*navigation._SWITCH_LABEL), page
    # The fixture exercises what differs from page to page.
    assert 'class="toctree-l2 current current-page"' in fast["sub/c.html"]
    assert "checked" in fast["sub/c.html"] and "checked" not in fast["a.html"]
    assert 'href="#"' in fast["e.html"] and 'href="#"' not in fast["search.html"]


ONE_ENTRY = '<ul><li class="toctree-l1"><a class="reference internal" href="x.html">X</a></li></ul>'
MARKED = (
    '<ul class="current"><li class="toctree-l1 current current-page">'
    '<a class="current reference internal" href="#">X</a></li></ul>'
)


@pytest.mark.parametrize(("href", "expected"), [("y.html", ONE_ENTRY), ("x.html", MARKED)])
def test_mark_current(href, expected):
    assert navigation.mark_current(ONE_ENTRY, href) == expected
