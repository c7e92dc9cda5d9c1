"""``invoke serve``: a live preview on 127.0.0.1 that rebuilds when a chapter is saved."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from book.serve import autobuild_arguments, free_port
from tests.conftest import ROOT, write_book

CHAPTERS = {
    "index.md": "# Sách xem trước\n\n```{toctree}\n\n01-mot\n```\n",
    "01-mot.md": "# Một\n\nBản nháp đầu.\n",
}

BROKEN_REFERENCE = """# Một

(muc-hai)=
## Mục hai

Bản sửa lần ba, xem {numref}`muc-ha` và {ref}`muc-ha`.
"""


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if value := condition():
                return value
        # Refused before the server starts; cut short while Sphinx rewrites the page
        # it is sending (sphinx-autobuild serves the files Sphinx writes in place).
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.5)
    raise AssertionError("timed out")


def test_arguments_serve_locally_and_leave_published_editions_alone(tmp_path: Path):
    args = autobuild_arguments(tmp_path, 8123)
    assert args[args.index("--host") + 1] == "127.0.0.1"
    assert args[args.index("--port") + 1] == "8123"
    assert args[1].startswith(str(tmp_path.resolve() / "build" / ".work"))
    assert str(tmp_path.resolve() / "build") in args  # ignored: never rebuild on our own output


def test_preview_prints_its_address_and_rebuilds_on_save(tmp_path: Path):
    book = write_book(tmp_path / "book", CHAPTERS)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(
            [sys.executable, "-m", "invoke", "serve", "--book", str(book), "--port", str(port)],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    try:
        page = f"http://127.0.0.1:{port}/01-mot.html"
        assert "Bản nháp đầu." in wait_for(lambda: fetch(page))
        first_line = log.read_text(encoding="utf-8").splitlines()[0]
        assert f"http://127.0.0.1:{port}/" in first_line and "Xem trước" in first_line
        (book / "chapters" / "01-mot.md").write_text(
            "# Một\n\nBản sửa lần hai.\n", encoding="utf-8"
        )
        wait_for(lambda: "Bản sửa lần hai." in fetch(page))
        assert not (book / "build" / "html").exists()  # a preview publishes nothing
        (book / "chapters" / "01-mot.md").write_text(BROKEN_REFERENCE, encoding="utf-8")
        shown = wait_for(lambda: html if "lần ba" in (html := fetch(page)) else None)
        notice = shown.split('class="book-problem"', 1)[1].split("</span>", 1)[0]
        assert "Tham chiếu hỏng" in notice and "“muc-hai”" in notice  # the label that exists
        assert "%s" not in shown
        said = wait_for(lambda: "không có nhãn “muc-ha”" in log.read_text(encoding="utf-8"))
        assert said and "undefined label" not in log.read_text(encoding="utf-8")
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
