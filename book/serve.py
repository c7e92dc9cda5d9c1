"""``invoke serve``: a live preview of the website while an editor writes.

sphinx-autobuild builds the website into ``build/.work/serve/``, serves it on
127.0.0.1 and, whenever a chapter (or ``conf.py``, or an image) is saved,
rebuilds it and makes the open browser tab reload. Nothing is published: the
editions in ``build/`` are left alone. Problems are printed as they are found
but do not stop the preview; ``invoke check`` is the strict gate.
"""

from __future__ import annotations

from pathlib import Path

from book.press import Layout, check_book

HOST = "127.0.0.1"  # this machine only: a preview is not a publication


def autobuild_arguments(book_dir: Path, port: int, host: str = HOST) -> list[str]:
    """The sphinx-autobuild command line for previewing the book in ``book_dir``."""
    layout = Layout(Path(book_dir))
    work = layout.work_dir / "serve"
    return [
        str(layout.source_dir),
        str(work / "html"),
        "--conf-dir", str(layout.book_dir),
        "--doctree-dir", str(work / "doctrees"),
        "--host", host,
        "--port", str(port),
        # conf.py lives beside chapters/; the build and tool folders never change a page.
        "--watch", str(layout.book_dir),
        "--ignore", str(layout.build_dir),
        "--ignore", str(layout.book_dir / ".tools"),
        "--quiet",
        # Mistakes shown in the page and said in Vietnamese (book.preview).
        "-D", "book_preview=1",
    ]  # fmt: skip


def free_port() -> int:
    from sphinx_autobuild.utils import find_free_port

    return find_free_port()


def serve(book_dir: Path, port: int = 8000, host: str = HOST) -> None:
    """Preview the book until Ctrl+C, printing the address to open first."""
    from sphinx_autobuild.__main__ import main

    check_book(Layout(Path(book_dir)))
    port = port or free_port()
    print(
        f"Xem trước trang web tại http://{host}:{port}/ — lưu một chương là trang tự dựng "
        "lại và trình duyệt tự tải lại. Bấm Ctrl+C để dừng.",
        flush=True,
    )
    main(autobuild_arguments(Path(book_dir), port, host))
