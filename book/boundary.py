"""What a chapter may reach: files inside the book's directory, nothing on the network.

One rule for every path a chapter names: resolved (symbolic links followed)
against the chapter's folder, or the chapters' folder for a path that starts
with ``/`` (as Sphinx reads them), and refused unless it ends inside the
book's directory. Every option that names a URL to fetch (``:url:`` of
``raw`` and ``csv-table``, or any other) is refused wherever it points.

The rule is applied three times, each catching what the one before cannot see:

1. On the chapter's text, before it is parsed (``source-read``): directives
   that read a file while the chapter is parsed (``include``,
   ``literalinclude``, ``raw``/``csv-table`` with ``:file:``), images,
   figures, links and downloads, paths in raw HTML and CSS. A refused
   directive is blanked (its lines kept, empty, so that line numbers stay) and
   a refused link or image becomes its text, so nothing is ever read.
2. On the parsed chapter (``doctree-read``): images and downloads whatever
   markup made them, and every file the parser recorded having read.
3. While the press builds, no connection leaves the machine (an audit hook
   refuses sockets to any network address).

Each refusal is one Vietnamese message at the chapter's file and line.
"""

from __future__ import annotations

import re
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import SphinxError
from sphinx.util import logging

from book.fences import closing_line

logger = logging.getLogger(__name__)

# Directives that read the file their argument names while the chapter is parsed,
# or whose argument is an image the editions copy.
_ARGUMENT_IS_PATH = {"include", "literalinclude", "image", "figure"}
_FILE_OPTIONS = {"file"}
_URL_OPTIONS = {"url"}

_FENCE_OPEN = re.compile(
    r"^(?P<indent> {0,3})(?P<marker>`{3,}|~{3,}|:{3,})\s*\{(?P<name>[\w:-]+)\}\s*(?P<argument>.*)$"
)
_OPTION = re.compile(r"^\s*:?(?P<name>[\w-]+):\s*(?P<value>.*)$")
_RST_DIRECTIVE = re.compile(r"^\s*\.\.\s+(?P<name>[\w:-]+)::\s*(?P<argument>.*)$")
# Markdown links and images: [text](target "title"), ![alt](target); reference definitions.
_INLINE_TARGET = re.compile(
    r"(?P<image>!?)\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)"
)
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(?:\s.*)?$")
_ROLE_TARGET = re.compile(r"\{(?:download|doc)\}`(?:[^`<]*<(?P<angled>[^`>]+)>|(?P<bare>[^`]+))`")
# Paths in raw HTML and CSS.
_HTML_TARGET = re.compile(
    r"""\b(?:src|href|data|poster|srcset|xlink:href|background)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))"""
    r"""|url\(\s*["']?(?P<css>[^)"']+)["']?\s*\)""",
    re.I,
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _is_url(target: str) -> bool:
    """A link to elsewhere (https:, mailto:...), which the press never fetches; a file:
    URL is a path on the machine, and measured as one."""
    return bool(_SCHEME.match(target)) and not target.lower().startswith("file:")


@dataclass(frozen=True)
class Refusal:
    line: int  # 1-based, in the chapter
    target: str  # as the editor wrote it
    fetches: bool = False  # a URL to fetch, not a path

    def message(self) -> str:
        if self.fetches:
            return (
                f"“{self.target}”: sách không được lấy nội dung từ mạng khi xuất bản. Hãy tải "
                "tệp về thư mục sách rồi dẫn bằng đường dẫn tương đối (ví dụ :file: du-lieu.csv)."
            )
        return (
            f"đường dẫn “{self.target}” trỏ ra ngoài thư mục sách: trình xuất bản chỉ đọc và "
            "xuất bản tệp nằm trong thư mục sách. Hãy chép tệp vào thư mục sách (ví dụ "
            "chapters/images/) rồi dẫn tới bản chép."
        )


class Boundary:
    """The book's directory, and the paths of one chapter measured against it."""

    def __init__(self, book_dir: Path, source_dir: Path) -> None:
        self.book_dir = Path(book_dir).resolve()
        self.source_dir = Path(source_dir).resolve()

    def inside(self, path: Path) -> bool:
        try:
            return Path(path).resolve().is_relative_to(self.book_dir)
        except (OSError, RuntimeError, ValueError):  # a loop of links, a name too long
            return False

    def allows(self, target: str, chapter: Path) -> bool:
        """Whether a path written in ``chapter`` ends inside the book (a URL is not a path)."""
        target = target.strip()
        if not target or target.startswith("#") or _is_url(target):
            return True
        if target.lower().startswith("file:"):
            return False  # a file URL names the machine's files, not the book's
        # As written, and as a reader of URLs decodes it ("..%2F..%2Fsecret").
        written = target.split("#", 1)[0].split("?", 1)[0]
        return all(self._inside_from(chapter, path) for path in {written, unquote(written)})

    def _inside_from(self, chapter: Path, path: str) -> bool:
        if not path:
            return True
        base = self.source_dir if path.startswith("/") else Path(chapter).resolve().parent
        return self.inside(base / path.lstrip("/"))


def refusals(text: str, chapter: Path, boundary: Boundary) -> tuple[list[Refusal], str]:
    """What ``text`` (the chapter at ``chapter``) names outside the book or on the
    network, and the text with each of those made harmless (same number of lines)."""
    lines = text.split("\n")
    found: list[Refusal] = []
    blank: set[int] = set()  # 0-based lines to empty
    for start, end, refused in _directive_blocks(lines, chapter, boundary):
        found += refused
        if refused:
            blank.update(range(start, end + 1))
    for index, line in enumerate(lines):
        if index in blank:
            continue
        line, refused = _inline(line, index + 1, chapter, boundary)
        lines[index] = line
        found += refused
    for index in blank:
        lines[index] = ""
    found.sort(key=lambda refusal: refusal.line)
    return found, "\n".join(lines)


def _directive_blocks(
    lines: list[str], chapter: Path, boundary: Boundary
) -> Iterator[tuple[int, int, list[Refusal]]]:
    """Each directive block (MyST fence, or reStructuredText inside one), its last line,
    and what its argument and options name that is refused."""
    index = 0
    while index < len(lines):
        opened = _FENCE_OPEN.match(lines[index])
        rst = _RST_DIRECTIVE.match(lines[index]) if not opened else None
        if not opened and not rst:
            index += 1
            continue
        match = opened or rst
        name = match["name"].lower()
        end = _block_end(lines, index, opened["marker"] if opened else None)
        refused = []
        if name in _ARGUMENT_IS_PATH and not boundary.allows(match["argument"], chapter):
            refused.append(Refusal(index + 1, match["argument"].strip()))
        for offset, option in _options(lines, index + 1, end):
            key, value = option["name"].lower(), option["value"].strip()
            if key in _URL_OPTIONS:
                refused.append(Refusal(offset + 1, value, fetches=True))
            elif key in _FILE_OPTIONS and not boundary.allows(value, chapter):
                refused.append(Refusal(offset + 1, value))
        yield index, end, refused
        # A fence's content may hold other directives (eval-rst, nested fences): read on inside.
        index += 1


def _block_end(lines: list[str], start: int, marker: str | None) -> int:
    """The last line of the block opened at ``start`` (its closing fence, or for a
    reStructuredText directive the end of its indented body)."""
    if marker is not None:
        for index in range(start + 1, len(lines)):
            if closing_line(lines[index], marker):
                return index
        return len(lines) - 1
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        end = index
    return end


def _options(lines: list[str], start: int, end: int) -> Iterator[tuple[int, re.Match]]:
    """A directive's options: ``:name: value`` lines, or a ``---`` block of ``name: value``."""
    index = start
    in_yaml = index <= end and lines[index].strip() == "---"
    if in_yaml:
        index += 1
    while index <= end:
        stripped = lines[index].strip()
        if in_yaml and stripped == "---":
            return
        option = _OPTION.match(lines[index])
        if not stripped or option is None or (not in_yaml and not stripped.startswith(":")):
            return
        yield index, option
        index += 1


def _inline(line: str, number: int, chapter: Path, boundary: Boundary) -> tuple[str, list[Refusal]]:
    """A line's links, images, downloads and raw HTML paths; those refused taken out."""
    refused: list[Refusal] = []

    def keep_text(match: re.Match) -> str:
        if boundary.allows(match["target"], chapter):
            return match[0]
        refused.append(Refusal(number, match["target"]))
        return match["text"]

    line = _INLINE_TARGET.sub(keep_text, line)
    definition = _DEFINITION.match(line)
    if definition and not boundary.allows(definition["target"], chapter):
        refused.append(Refusal(number, definition["target"]))
        line = ""

    def role(match: re.Match) -> str:
        target = match["angled"] or match["bare"]
        if match[0].startswith("{doc}") or boundary.allows(target, chapter):
            return match[0]
        refused.append(Refusal(number, target.strip()))
        return target

    line = _ROLE_TARGET.sub(role, line)
    for match in _HTML_TARGET.finditer(line):
        target = next(group for group in match.groups() if group is not None)
        for candidate in target.split(","):  # srcset: "a.png 1x, b.png 2x"
            path = candidate.strip().split(" ")[0]
            if path and not boundary.allows(path, chapter):
                refused.append(Refusal(number, path))
    if any(refusal.line == number for refusal in refused) and _HTML_TARGET.search(line):
        line = _HTML_TARGET.sub("", line)
    return line, refused


# -- the network -------------------------------------------------------------------------

_offline = False
_hooked = False


class NetworkRefused(PermissionError):
    """A connection the press refused while building."""


def _audit(event: str, arguments: tuple) -> None:
    if not _offline:
        return
    if event == "socket.connect":
        sock, address = arguments[0], arguments[1]
        if getattr(sock, "family", None) in (socket.AF_INET, socket.AF_INET6):
            raise NetworkRefused(f"trình xuất bản không kết nối mạng khi dựng sách ({address})")
    elif event == "urllib.Request" and not str(arguments[0]).lower().startswith(("file:", "data:")):
        raise NetworkRefused(f"trình xuất bản không tải gì từ mạng khi dựng sách ({arguments[0]})")


@contextmanager
def offline() -> Iterator[None]:
    """No connection to a network address from this process (and those it forks) meanwhile."""
    global _offline, _hooked
    if not _hooked:
        sys.addaudithook(_audit)
        _hooked = True
    before, _offline = _offline, True
    try:
        yield
    finally:
        _offline = before


# -- Sphinx ------------------------------------------------------------------------------


def _boundary(app) -> Boundary:
    return Boundary(Path(app.confdir), Path(app.srcdir))


def _say(found: list[Refusal], location: Callable[[int], object]) -> None:
    for refusal in found:
        logger.warning(
            refusal.message(), location=location(refusal.line), type="book", subtype="outside"
        )


def refuse_in_source(app, docname: str, source: list[str]) -> None:
    """Layer 1: the chapter's text, before anything it names is read."""
    boundary = _boundary(app)
    if not boundary.inside(app.env.doc2path(docname)):  # a link to a file elsewhere
        logger.warning(
            Refusal(1, str(app.env.doc2path(docname))).message(),
            location=(docname, 1),
            type="book",
            subtype="outside",
        )
        source[0] = ""
        return
    found, harmless = refusals(source[0], app.env.doc2path(docname), boundary)
    _say(found, lambda line: (docname, line))
    if found:
        source[0] = harmless


def refuse_in_included(app, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """Layer 1 for a file an ``include`` brings in: its paths are read, as the
    chapter's, from the including chapter's folder."""
    chapter = app.env.doc2path(parent_docname)
    found, harmless = refusals(content[0], chapter, _boundary(app))
    included = Path(app.srcdir, relative_path)
    _say(found, lambda line: f"{included}:{line}")
    if found:
        content[0] = harmless


class OutsideTheBook(SphinxError):
    category = "Tệp ngoài thư mục sách"


def refuse_in_doctree(app, doctree: nodes.document) -> None:
    """Layer 2: images and downloads however they were written, and what the parser read."""
    boundary, env = _boundary(app), app.env
    docname = env.docname
    for node in list(
        doctree.findall(lambda n: isinstance(n, (nodes.image, addnodes.download_reference)))
    ):
        target = node.get("uri", "") if isinstance(node, nodes.image) else node.get("reftarget", "")
        if not target or _is_url(target):
            continue
        _, resolved = env.relfn2path(target.split("#", 1)[0], docname)
        if target.lower().startswith("file:") or not boundary.inside(Path(resolved)):
            logger.warning(
                Refusal(node.line or 0, target).message(),
                location=node,
                type="book",
                subtype="outside",
            )
            text = node.get("alt", "") if isinstance(node, nodes.image) else node.astext()
            node.replace_self(nodes.inline("", text))
    read = [Path(app.srcdir, path) for path in env.dependencies.get(docname, ())]
    outside = [path for path in read if not boundary.inside(path)]
    if outside:
        # Read already: stop before the chapter, with what it holds, is saved anywhere.
        raise OutsideTheBook(f"{env.doc2path(docname)}: {Refusal(0, str(outside[0])).message()}")


def setup(app) -> None:
    app.connect("source-read", refuse_in_source, priority=400)
    app.connect("include-read", refuse_in_included, priority=400)
    app.connect("doctree-read", refuse_in_doctree, priority=400)
