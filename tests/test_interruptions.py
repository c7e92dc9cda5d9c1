"""A publish stopped (Ctrl+C, killed) or run twice at once loses nothing and leaves
nothing running: the editions in build/ stay as they were, and the next publish gives
the bytes of a clean build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, write_book

CHAPTERS = 24
PARAGRAPH = (
    "Nghị quyết Đại hội xác định chuyển đổi số là động lực phát triển; các cấp ủy, "
    "chính quyền cụ thể hóa bằng chương trình, kế hoạch với chỉ tiêu, lộ trình rõ ràng. "
) * 6


def _book(directory: Path) -> Path:
    names = [f"c{number:02d}" for number in range(CHAPTERS)]
    chapters = {
        "index.md": "# Sách\n\n```{toctree}\n:caption: Phần I\n:numbered:\n\n"
        + "\n".join(names)
        + "\n```\n"
    }
    for name in names:
        chapters[f"{name}.md"] = f"# Chương {name}\n\n" + f"{PARAGRAPH}\n\n" * 30
    return write_book(directory, chapters)


def _environment() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}


def _publish(book: Path) -> subprocess.Popen:
    """``./press publish`` in a session of its own, Ctrl+C handled as on a terminal."""
    return subprocess.Popen(
        [str(ROOT / "press"), "publish", "--book", str(book)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(),
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _editions(book: Path) -> dict[str, bytes]:
    build = book / "build"
    return {
        str(path.relative_to(build)): path.read_bytes()
        for path in sorted(build.rglob("*"))
        if path.is_file() and ".work" not in path.relative_to(build).parts
    }


def _session_left(session: int, seconds: float = 5.0) -> list[str]:
    """The processes of ``session`` still running after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        found = subprocess.run(
            ["ps", "-o", "pid=,args=", "-g", str(session)], capture_output=True, text=True
        ).stdout.split("\n")
        left = [line for line in found if line.strip() and " <defunct>" not in line]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.25)


def _stop_when_laying_out(process: subprocess.Popen, how: signal.Signals, group: bool) -> None:
    """Wait until the print edition is being laid out, then send ``how``."""
    for line in process.stdout:
        if "[1/3]" in line:
            break
    time.sleep(1.0)
    assert process.poll() is None, "the publish ended before it could be stopped"
    if group:
        os.killpg(process.pid, how)
    else:
        os.kill(process.pid, how)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The editions of the edited book from a clean build, elsewhere."""
    book = _book(tmp_path_factory.mktemp("clean"))
    _edit(book)
    assert subprocess.run([str(ROOT / "press"), "publish", "--book", str(book)],
                          capture_output=True, env=_environment()).returncode == 0  # fmt: skip
    return _editions(book)


def _edit(book: Path) -> None:
    chapter = book / "chapters" / "c03.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")


def _published_before_the_edit(directory: Path) -> tuple[Path, dict[str, bytes]]:
    """A book published, then edited, its work folder gone: the next publish lays out
    every page, long enough to be stopped midway."""
    book = _book(directory)
    assert _publish(book).wait() == 0
    _edit(book)
    shutil.rmtree(book / "build" / ".work")
    return book, _editions(book)


@pytest.mark.parametrize(
    "how, group",
    [(signal.SIGINT, True), (signal.SIGKILL, False), (signal.SIGKILL, True)],
    ids=["ctrl-c", "kill-main-process", "kill-process-group"],
)
def test_a_stopped_publish_loses_nothing_and_leaves_nothing(tmp_path, clean, how, group):
    book, before = _published_before_the_edit(tmp_path / "sach")
    process = _publish(book)
    _stop_when_laying_out(process, how, group)
    process.wait(timeout=60)
    assert _session_left(process.pid) == []
    if how == signal.SIGINT:
        said = process.stdout.read() + process.stderr.read()
        assert process.returncode == 130 and "Đã dừng theo yêu cầu" in said, said
        assert "Traceback" not in said and "KeyboardInterrupt" not in said, said
    assert _editions(book) == before
    again = _publish(book)
    assert again.wait() == 0, again.stderr.read()
    assert _editions(book) == clean
    assert [path.name for path in (book / "build").iterdir() if path.name.startswith(".")] == [
        ".work"
    ]


def test_two_publishes_at_once_take_turns(tmp_path, clean):
    book, _ = _published_before_the_edit(tmp_path / "sach")
    first = _publish(book)
    for line in first.stdout:
        if "[1/3]" in line:
            break
    second = _publish(book)
    said = second.stdout.read()
    assert second.wait() == 0 and first.wait() == 0
    assert "Đang có một lần xuất bản khác" in said, said
    assert _editions(book) == clean
