"""``invoke new-chapter``: a new chapter file, put in its place in the table of contents.

The file is ``chapters/<NN>-<slug>.md``: the slug is the title without
diacritics (``vietnamese_slug``), NN the chapter's number. Chapters are
numbered through the parts and their file names follow that order (01, 02 in
Part I, 03, 04 in Part II…), so a chapter added at the end of Part N takes
the number after that part's last chapter. If a later part already uses it,
the later chapters move up by one, file names and table of contents alike,
as their numbers in the book do; the editor is told which files moved.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Template

from book import fences
from book.metadata import vietnamese_slug

TEMPLATE = Path(__file__).parent / "chapter.md.jinja"
_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\s*\{toctree\}")
_NUMBERED = re.compile(r"^(?P<number>\d+)-")


class ChapterError(Exception):
    """The chapter cannot be added; the message says why, in Vietnamese."""


@dataclass
class Toctree:
    numbered: bool
    entries: list[tuple[int, str]]  # (line index in index.md, docname)
    closing_line: int


@dataclass
class NewChapter:
    path: Path
    renamed: list[tuple[str, str]]  # (old docname, new docname)


def toctrees(lines: list[str]) -> list[Toctree]:
    """The toctree blocks of ``index.md``, in order, with where their entries are."""
    found: list[Toctree] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index].strip())
        if match is None:
            index += 1
            continue
        fence = match["fence"]
        tree = Toctree(numbered=False, entries=[], closing_line=-1)
        index += 1
        while index < len(lines) and not fences.closing_line(lines[index], fence):
            text = lines[index].strip()
            if text.startswith(":"):
                tree.numbered = tree.numbered or text.startswith(":numbered:")
            elif text:
                tree.entries.append((index, text))
            index += 1
        tree.closing_line = index
        found.append(tree)
        index += 1
    return found


def _number(docname: str) -> int | None:
    match = _NUMBERED.match(Path(docname).name)
    return int(match["number"]) if match else None


def next_number(parts: list[Toctree], part: int) -> int:
    """The number after the last numbered chapter of ``part`` (or of the parts before it)."""
    for tree in reversed(parts[:part]):
        numbers = [n for _, doc in tree.entries if (n := _number(doc)) is not None]
        if numbers:
            return max(numbers) + 1
    return 1


def new_chapter(book_dir: Path, title: str, part: int) -> NewChapter:
    """Create the chapter ``title`` at the end of numbered part ``part`` (1-based)."""
    source = Path(book_dir) / "chapters"
    index_md = source / "index.md"
    if not index_md.is_file():
        raise ChapterError(f"{index_md}: không có tệp mục lục index.md")
    title = " ".join(title.split())
    slug = vietnamese_slug(title)
    if not slug:
        raise ChapterError("Tiêu đề chương trống: ghi tiêu đề trong dấu ngoặc kép.")
    lines = index_md.read_text(encoding="utf-8").splitlines(keepends=True)
    parts = [tree for tree in toctrees(lines) if tree.numbered]
    if not 1 <= part <= len(parts):
        raise ChapterError(
            f"Không có Phần {part}: mục lục (chapters/index.md) có {len(parts)} phần được "
            f"đánh số. Chọn --part từ 1 đến {len(parts)}."
        )
    number = next_number(parts, part)
    width = max([2, *(len(m["number"]) for m in map(_NUMBERED.match, _all_names(source)) if m)])
    docname = f"{number:0{width}d}-{slug}"
    label = f"ch-{slug}"
    if (source / f"{docname}.md").exists() or _label_used(source, label):
        raise ChapterError(f"Đã có chương “{title}” ({label}); chọn tiêu đề khác.")

    movable = {doc for tree in parts[part:] for _, doc in tree.entries}
    clash = [n for n in _all_names(source) if _number(n) == number and n not in movable]
    if clash:
        raise ChapterError(
            f"Số {number:0{width}d} đã dùng cho chapters/{clash[0]}.md (ngoài các phần được "
            "đánh số); đổi tên tệp đó rồi chạy lại."
        )
    renamed = _make_room(source, lines, parts[part:], number, width)
    target = parts[part - 1]
    after = target.entries[-1][0] if target.entries else target.closing_line - 1
    indent = re.match(r"\s*", lines[after])[0] if target.entries else ""
    lines.insert(after + 1, f"{indent}{docname}\n")
    path = source / f"{docname}.md"
    template = Template(TEMPLATE.read_text(encoding="utf-8"), keep_trailing_newline=True)
    path.write_text(template.render(title=title, label=label), encoding="utf-8")
    index_md.write_text("".join(lines), encoding="utf-8")
    return NewChapter(path, renamed)


def _all_names(source: Path) -> list[str]:
    return [p.stem for p in source.glob("*.md")]


def _label_used(source: Path, label: str) -> bool:
    target = f"({label})="
    return any(target in p.read_text(encoding="utf-8") for p in source.rglob("*.md"))


def _make_room(
    source: Path, lines: list[str], later: list[Toctree], number: int, width: int
) -> list[tuple[str, str]]:
    """Move up by one the later chapters numbered ``number``, ``number + 1``… in a row."""
    taken = {
        n: (line, doc)
        for tree in later
        for line, doc in tree.entries
        if (n := _number(doc)) is not None
    }
    run = []
    while number + len(run) in taken:
        run.append(number + len(run))
    renamed = []
    for old_number in reversed(run):  # from the last, so no name is ever taken twice
        line, doc = taken[old_number]
        new = f"{old_number + 1:0{width}d}-{doc.split('-', 1)[1]}"
        (source / f"{doc}.md").rename(source / f"{new}.md")
        lines[line] = lines[line].replace(doc, new)
        renamed.append((doc, new))
    _update_references(source, dict(renamed))
    return list(reversed(renamed))


def _update_references(source: Path, renamed: dict[str, str]) -> None:
    """Links to a renamed chapter by file name ({doc}`…`, [..](03-x.md)) follow it."""
    for chapter in source.rglob("*.md"):
        if chapter.name == "index.md":
            continue
        text = chapter.read_text(encoding="utf-8")
        updated = text
        for old, new in renamed.items():
            updated = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, updated)
        if updated != text:
            chapter.write_text(updated, encoding="utf-8")


def composed_file_names(source: Path) -> list[str]:
    """Rename the files under ``source`` named in decomposed Unicode (NFD) to the composed
    form (NFC) the chapters are read in; the new names.

    A file copied from a Mac or out of a zip archive may carry its name in NFD:
    it looks the same, but the contents name the chapter in NFC, and Sphinx
    skipped the file as "unreadable". The two names show the same letters, so
    the editor sees no change. A name whose NFC form is taken already stays,
    and the build reports the chapter the contents cannot find.
    """
    renamed = []
    for path in sorted(source.rglob("*"), key=lambda path: -len(path.parts)):  # deepest first
        composed = unicodedata.normalize("NFC", path.name)
        if composed == path.name or path.with_name(composed).exists():
            continue
        path.rename(path.with_name(composed))
        renamed.append(str(path.with_name(composed).relative_to(source)))
    return renamed
