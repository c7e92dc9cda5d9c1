"""What an editor can do with the handbook. Each task is a thin call into ``book``.

    invoke publish          all three editions into build/
    invoke html|pdf|epub    one edition
    invoke clean            remove build/
    invoke test             the test suite

Every task takes ``--book DIR`` to work on another book (a directory with
``conf.py`` and ``chapters/``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from invoke import Exit, task

HERE = Path(__file__).resolve().parent


def _build(editions: tuple[str, ...], book: str) -> None:
    from book.press import BuildFailed, build

    try:
        published = build(Path(book), editions)
    except BuildFailed as failure:
        raise Exit(str(failure), code=1) from None
    for edition, path in published.items():
        print(f"{edition.upper():5} {path}")


@task(help={"book": "book directory (conf.py + chapters/); default: this repository"})
def html(c, book=str(HERE)):
    """Build the website edition into build/html/."""
    _build(("html",), book)


@task(help={"book": "book directory (conf.py + chapters/); default: this repository"})
def pdf(c, book=str(HERE)):
    """Build the print edition into build/pdf/<slug>.pdf."""
    _build(("pdf",), book)


@task(help={"book": "book directory (conf.py + chapters/); default: this repository"})
def epub(c, book=str(HERE)):
    """Build the ebook into build/epub/<slug>.epub."""
    _build(("epub",), book)


@task(help={"book": "book directory (conf.py + chapters/); default: this repository"})
def publish(c, book=str(HERE)):
    """Build all three editions (PDF, EPUB, then the website that offers both)."""
    _build(("pdf", "epub", "html"), book)


@task(help={"book": "book directory (conf.py + chapters/); default: this repository"})
def clean(c, book=str(HERE)):
    """Remove build/ (all editions and caches)."""
    target = Path(book).resolve() / "build"
    shutil.rmtree(target, ignore_errors=True)
    print(f"removed {target}")


@task(help={"book": "unused; the suite builds its own fixtures", "args": "extra pytest arguments"})
def test(c, book=str(HERE), args=""):
    """Run the test suite (builds the sample book once per run)."""
    result = c.run(f"{sys.executable} -m pytest {args}", warn=True, pty=False)
    if result.exited:
        raise Exit(code=result.exited)
