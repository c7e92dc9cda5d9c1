"""What an editor can do with the handbook. Each task is a thin call into ``book``.

    invoke publish          all three editions into build/
    invoke html|pdf|epub    one edition
    invoke clean            remove build/
    invoke test             the test suite
    invoke new-chapter "Tiêu đề" --part N   a new chapter at the end of part N
    invoke stats            words, figures, tables, print pages per chapter
    invoke serve            live preview on http://127.0.0.1:8000/
    invoke check            strict build + HTML and accessibility checks, before publishing
    invoke fix-encoding F   convert a legacy-encoded chapter to UTF-8 NFC
                            (./press fix-encoding F1 F2... takes several files)

Every task takes ``--book DIR`` to work on another book (a directory with
``conf.py`` and ``chapters/``).
"""

from __future__ import annotations

import gc
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

HERE = Path(__file__).resolve().parent


def _build(editions: tuple[str, ...], book: str, verbose: bool = False) -> dict[str, Path]:
    if "pdf" in editions:
        # The print edition's processes start first: they import WeasyPrint and pikepdf
        # while this one imports Sphinx (book.pdf.head_start).
        from book.layout import Layout
        from book.pdf import head_start

        head_start.start(Layout(Path(book)).sphinx_outdir("pdf"))
    from book.press import BuildFailed, build

    try:
        published = build(Path(book), editions)
    except BuildFailed as failure:
        _show_engine_messages(book, verbose)
        raise Exit(str(failure), code=1) from None
    _show_engine_messages(book, verbose)
    for edition, path in published.items():
        print(f"{edition.upper():5} {path}")
    # The build's objects live until the process ends: spare the collector's last
    # pass over them at exit (half a second at 120 chapters).
    gc.freeze()
    return published


def _show_engine_messages(book: str, verbose: bool) -> None:
    """With --verbose: WeasyPrint's messages that changed nothing on the page, in full."""
    from book.layout import Layout
    from book.pdf.builder import ENGINE_MESSAGES

    listed = Layout(Path(book)).sphinx_outdir("pdf") / ENGINE_MESSAGES
    if verbose and listed.is_file() and listed.stat().st_size:
        print("Thông báo của WeasyPrint không ảnh hưởng tới trang in:")
        print("".join(f"  {line}" for line in listed.read_text(encoding="utf-8").splitlines(True)))


BOOK_HELP = {
    "book": "book directory (conf.py + chapters/); default: this repository",
    "verbose": "also list WeasyPrint's messages that change nothing on the page",
}


@task(help={"book": "book directory (conf.py + chapters/); default: this repository"})
def html(c, book=str(HERE)):
    """Build the website edition into build/html/."""
    _build(("html",), book)


@task(help=BOOK_HELP)
def pdf(c, book=str(HERE), verbose=False):
    """Build the print edition into build/pdf/<slug>.pdf."""
    _build(("pdf",), book, verbose)


@task(help={"book": "book directory (conf.py + chapters/); default: this repository"})
def epub(c, book=str(HERE)):
    """Build the ebook into build/epub/<slug>.epub."""
    _build(("epub",), book)


@task(help=BOOK_HELP)
def publish(c, book=str(HERE), verbose=False):
    """Build all three editions (PDF, EPUB, then the website that offers both)."""
    _build(("pdf", "epub", "html"), book, verbose)


@task(help={"book": "book directory (conf.py + chapters/); default: this repository"})
def proof(c, book=str(HERE)):
    """Build the PDF, then render key pages to PNG and a contact sheet in build/proof/."""
    from book.pdf.proof import ProofFailed, make_proof
    from book.press import Layout

    pdf = _build(("pdf",), book)["pdf"]
    layout = Layout(Path(book))
    try:
        written = make_proof(
            pdf, layout.sphinx_outdir("pdf") / "print.html", layout.build_dir / "proof"
        )
    except ProofFailed as failure:
        raise Exit(str(failure), code=1) from None
    for path in written:
        print(f"PROOF {path}")


@task(
    help={
        "sizes": "chapter counts of the synthetic handbooks, comma-separated",
        "peers": "also build with sphinx-simplepdf and stock Sphinx (default: yes)",
        "save": "also write the figures to this JSON file (e.g. benchmarks/results/DATE.json)",
        "compare": "an earlier run's JSON: print each figure's change",
    }
)
def bench(c, sizes="20,60,120", peers=True, save="", compare=""):
    """Benchmark: time and memory per edition, cold and after one edit, against the peers."""
    from benchmarks.run import main

    arguments = ["--sizes", sizes, *([] if peers else ["--no-peers"])]
    arguments += ["--json", save] if save else []
    arguments += ["--compare", compare] if compare else []
    main(arguments)


@task(help={"book": "book directory (conf.py + chapters/); default: this repository"})
def clean(c, book=str(HERE)):
    """Remove build/ (all editions and caches)."""
    target = Path(book).resolve() / "build"
    shutil.rmtree(target, ignore_errors=True)
    print(f"removed {target}")


@task(
    help={
        "file": "the file to convert (./press fix-encoding takes several)",
        "encoding": "windows-1258, tcvn3, vni or viqr; detected when not given",
        "book": "book directory the file is relative to; default: this repository",
    }
)
def fix_encoding(c, file, encoding="", book=str(HERE)):
    """Convert a TCVN3/VNI/VIQR/Windows-1258 or decomposed file to UTF-8 NFC (keeps FILE.bak)."""
    from book.vietnamese.fix import main

    argv = [file, "--book", book] + (["--encoding", encoding] if encoding else [])
    code = main(argv)
    if code:
        raise Exit(code=code)


@task(help={"book": "book directory (conf.py + chapters/); default: this repository"})
def check(c, book=str(HERE)):
    """Strict build (nitpicky) + Nu Html Checker + axe-core; non-zero exit on any problem."""
    from book.check import main

    if main(Path(book)):
        raise Exit(code=1)


@task(
    positional=["title"],
    help={
        "title": 'the chapter\'s title, e.g. "Chuyển đổi số"',
        "part": "which numbered part (Phần I = 1, Phần II = 2, ...)",
        "book": "book directory (conf.py + chapters/); default: this repository",
    },
)
def new_chapter(c, title, part, book=str(HERE)):
    """Create chapters/<NN>-<slug>.md and add it at the end of part N of the contents."""
    from book.chapters import ChapterError, new_chapter

    try:
        result = new_chapter(Path(book), title, int(part))
    except ChapterError as error:
        raise Exit(str(error), code=1) from None
    for old, new in result.renamed:
        print(f"đổi tên  chapters/{old}.md → chapters/{new}.md")
    print(f"đã tạo   {result.path} (Phần {part}, đã thêm vào chapters/index.md)")


@task(help={"book": "book directory (conf.py + chapters/); default: this repository"})
def stats(c, book=str(HERE)):
    """Words, figures, tables and print pages per chapter (pages: from build/pdf/)."""
    from book.press import BuildFailed
    from book.stats import chapter_stats, table

    try:
        print(table(chapter_stats(Path(book))))
    except BuildFailed as failure:
        raise Exit(str(failure), code=1) from None


@task(
    help={
        "book": "book directory (conf.py + chapters/); default: this repository",
        "port": "port on 127.0.0.1 (0: any free port); default 8000",
    }
)
def serve(c, book=str(HERE), port=8000):
    """Live preview on 127.0.0.1: rebuilds and reloads the browser when a chapter is saved."""
    from book.press import BuildFailed
    from book.serve import serve

    try:
        serve(Path(book), int(port))
    except BuildFailed as failure:
        raise Exit(str(failure), code=1) from None
    except KeyboardInterrupt:
        print("Đã dừng xem trước.")


@task(help={"book": "unused; the suite builds its own fixtures", "args": "extra pytest arguments"})
def test(c, book=str(HERE), args=""):
    """Run the test suite (builds the sample book once per run)."""
    result = c.run(f"{sys.executable} -m pytest {args}", warn=True, pty=False)
    if result.exited:
        raise Exit(code=result.exited)
