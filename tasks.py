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
        published = build(Path(book), editions, verbose=verbose)
    except BuildFailed as failure:
        _show_engine_messages(book, verbose)
        raise Exit(str(failure), code=1) from None
    except KeyboardInterrupt:
        raise Exit(
            "Đã dừng theo yêu cầu (Ctrl+C): không ấn bản nào được thay, các ấn bản đã có "
            "trong build/ vẫn được giữ nguyên.",
            code=130,
        ) from None
    _show_engine_messages(book, verbose)
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


BOOK = "thư mục sách (chứa conf.py và chapters/); mặc định: thư mục này"
BOOK_HELP = {
    "book": BOOK,
    "verbose": "hiện cả nhật ký của Sphinx và thông báo của WeasyPrint không ảnh hưởng tới trang",
}


@task(help=BOOK_HELP)
def html(c, book=str(HERE), verbose=False):
    """Dựng trang web vào build/html/."""
    _build(("html",), book, verbose)


@task(help=BOOK_HELP)
def pdf(c, book=str(HERE), verbose=False):
    """Dựng bản in vào build/pdf/<tên-sách>.pdf."""
    _build(("pdf",), book, verbose)


@task(help=BOOK_HELP)
def epub(c, book=str(HERE), verbose=False):
    """Dựng sách điện tử vào build/epub/<tên-sách>.epub."""
    _build(("epub",), book, verbose)


@task(help=BOOK_HELP)
def publish(c, book=str(HERE), verbose=False):
    """Xuất bản cả ba ấn bản: bản in (PDF), sách điện tử (EPUB), trang web (có cả hai để tải)."""
    _build(("pdf", "epub", "html"), book, verbose)


@task(help={"book": BOOK})
def proof(c, book=str(HERE)):
    """Dựng bản in rồi chụp các trang tiêu biểu ra ảnh PNG và một tờ tổng hợp trong build/proof/."""
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
    print(f"Ảnh các trang để soát ({len(written)} tệp) trong {written[0].parent}:")
    print("  " + ", ".join(path.name for path in written))


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


@task(help={"book": BOOK})
def clean(c, book=str(HERE)):
    """Xoá thư mục build/ (mọi ấn bản và bộ nhớ đệm)."""
    target = Path(book).resolve() / "build"
    shutil.rmtree(target, ignore_errors=True)
    print(f"đã xoá {target}")


@task(
    help={
        "file": "tệp cần chuyển mã (./press fix-encoding nhận nhiều tệp)",
        "encoding": "windows-1258, tcvn3, vni hoặc viqr; tự nhận ra nếu không ghi",
        "book": BOOK,
    }
)
def fix_encoding(c, file, encoding="", book=str(HERE)):
    """Chuyển chương gõ bằng TCVN3/VNI/VIQR/Windows-1258 sang Unicode NFC (giữ bản cũ TỆP.bak)."""
    from book.vietnamese.fix import main

    argv = [file, "--book", book] + (["--encoding", encoding] if encoding else [])
    code = main(argv)
    if code:
        raise Exit(code=code)


@task(help={"book": BOOK})
def check(c, book=str(HERE)):
    """Kiểm tra sách trước khi xuất bản: dựng nghiêm ngặt, bản in, HTML, khả năng tiếp cận."""
    from book.check import main

    if main(Path(book)):
        raise Exit(code=1)


@task(
    positional=["title"],
    help={
        "title": 'tiêu đề chương, ví dụ "Chuyển đổi số"',
        "part": "thuộc phần nào (Phần I = 1, Phần II = 2, ...)",
        "book": BOOK,
    },
)
def new_chapter(c, title, part, book=str(HERE)):
    """Tạo chapters/<NN>-<tên>.md và thêm vào cuối phần N của mục lục."""
    from book.chapters import ChapterError, new_chapter

    try:
        result = new_chapter(Path(book), title, int(part))
    except ChapterError as error:
        raise Exit(str(error), code=1) from None
    for old, new in result.renamed:
        print(f"đổi tên  chapters/{old}.md → chapters/{new}.md")
    print(f"đã tạo   {result.path} (Phần {part}, đã thêm vào chapters/index.md)")


@task(help={"book": BOOK})
def stats(c, book=str(HERE)):
    """Số chữ, hình, bảng và trang in của từng chương (trang: theo build/pdf/)."""
    from book.press import BuildFailed
    from book.stats import chapter_stats, table

    try:
        print(table(chapter_stats(Path(book))))
    except BuildFailed as failure:
        raise Exit(str(failure), code=1) from None


@task(
    help={
        "book": BOOK,
        "port": "cổng trên 127.0.0.1 (0: cổng trống bất kỳ); mặc định 8000",
    }
)
def serve(c, book=str(HERE), port=8000):
    """Xem trước trên 127.0.0.1: lưu một chương là trang tự dựng lại, trình duyệt tự tải lại."""
    from book.press import BuildFailed
    from book.serve import serve

    try:
        serve(Path(book), int(port))
    except BuildFailed as failure:
        raise Exit(str(failure), code=1) from None
    except KeyboardInterrupt:
        print("Đã dừng xem trước.")


@task(help={"book": "không dùng; bộ kiểm thử tự dựng sách mẫu", "args": "tham số thêm cho pytest"})
def test(c, book=str(HERE), args=""):
    """Chạy bộ kiểm thử của trình xuất bản."""
    result = c.run(f"{sys.executable} -m pytest {args}", warn=True, pty=False)
    if result.exited:
        raise Exit(code=result.exited)
