"""Putting finished editions in place without ever destroying the last good one."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from book.layout import Layout


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_if_changed(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` unless it holds them already.

    What depends on the file (a cache keyed by its time, a process that
    loaded it) then sees no change where there is none.
    """
    if not target.is_file() or target.read_bytes() != data:
        target.write_bytes(data)


def publish_file(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` atomically."""
    with atomic_path(target) as temporary:
        shutil.copyfile(source, temporary)
    return target


def publish_tree(source: Path, target: Path, extra: dict[str, Path] | None = None) -> Path:
    """Replace the directory ``target`` with a copy of ``source`` (plus ``extra`` files).

    The copy is made beside the target and swapped in with two renames, so a
    reader of ``target`` sees either the old site or the new one, never half.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.", dir=target.parent))
    try:
        shutil.copytree(source, staging, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".*"))
        for relative, path in (extra or {}).items():
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
        os.chmod(staging, 0o755)
        _swap_in(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


# -- a publish: every edition staged, then all put in place together ------------------------


def begin_publishing(layout: Layout) -> None:
    """Start from an empty staging folder, and clear what a publish stopped midway left."""
    shutil.rmtree(layout.staging_dir, ignore_errors=True)
    build = layout.build_dir
    if not build.is_dir():
        return
    debris = [*build.glob(".*.new.*"), *build.glob(".*.old.*"), *build.glob("*/.*.tmp")]
    for path in debris:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def commit_publishing(layout: Layout) -> None:
    """Put every staged edition in place: files by one rename each, folders by two.

    Called once all the editions asked for are made, so that build/ never holds
    a new PDF beside an old website that describes another.
    """
    staging = layout.staging_dir
    if not staging.is_dir():
        return
    for staged in sorted(staging.iterdir()):
        target = layout.build_dir / staged.name
        if staged.is_dir() and staged.name in ("html", "data"):
            _swap_in(staged, target)
        elif staged.is_dir():  # pdf/, epub/: the files inside
            target.mkdir(parents=True, exist_ok=True)
            for file in staged.iterdir():
                os.replace(file, target / file.name)
    shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staged: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    os.replace(staged, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def one_publish_at_a_time(layout: Layout, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the book's publishing lock; a second publish waits (said) until the first ends.

    Two publishes of one book at once mixed their work folders: a website
    with another build's search index. The lock is the system's, released
    when its process ends however it ends.
    """
    layout.work_dir.mkdir(parents=True, exist_ok=True)
    with open(layout.work_dir / "publish.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("Đang có một lần xuất bản khác của sách này; chờ lần đó xong rồi làm tiếp…")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


_DISK = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "đã hết dung lượng được phép trên ổ đĩa",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
}


def disk_problem(error: BaseException) -> str | None:
    """What to tell the editor when ``error`` is the disk's, not the book's nor the press's."""
    if isinstance(error, OSError) and error.errno in _DISK:
        where = f" vào {error.filename}" if error.filename else ""
        return (
            f"Không ghi được{where}: {_DISK[error.errno]}. Giải phóng chỗ trống hoặc cấp quyền "
            "ghi cho thư mục build/ rồi chạy lại."
        )
    return None
