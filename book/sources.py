"""Reading the chapters: the text every edition starts from is NFC Unicode."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.util import logging

from book import fences, invisible, pipe_tables, structure, vietnamese
from book.console import NOTICE
from book.vietnamese import convert, encodings

logger = logging.getLogger(__name__)


class EncodingError(SphinxError):
    category = "Lỗi bảng mã"


def check_encodings(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read every chapter about to be parsed as strict UTF-8 Vietnamese.

    Runs on the raw bytes, before Sphinx decodes them: a legacy file (TCVN3,
    VNI, Windows-1258) or UTF-8 mojibake is reported with its line, what it
    most likely is and the command that converts it; the build stops there,
    since every later message would be about garbled text. Decomposed
    Unicode is only noted (``normalise_text`` composes it), once per build.
    """
    broken = 0
    decomposed = []
    for docname in docnames:
        path = env.doc2path(docname)
        data = path.read_bytes()
        finding = encodings.examine(data)
        if finding is not None:
            broken += 1
            logger.warning(
                _encoding_message(finding, _command_arguments(path, app)),
                location=(docname, finding.line),
                type="book",
                subtype="encoding",
            )
        elif not unicodedata.is_normalized("NFC", data.decode("utf-8-sig")):
            decomposed.append(_shown(path, app))
    if decomposed:
        logger.info(
            NOTICE + "chuẩn hoá Unicode NFC (văn bản tổ hợp) cho %d tệp: %s",
            len(decomposed),
            ", ".join(decomposed),
        )
    if broken:
        raise EncodingError(
            f"{broken} tệp không phải chữ Việt UTF-8; chuyển mã theo hướng dẫn ở trên rồi chạy lại."
        )


def _encoding_message(finding: encodings.Finding, shown: str) -> str:
    preview = finding.preview if len(finding.preview) <= 80 else finding.preview[:79] + "…"
    if finding.encoding == convert.UTF8:
        what = f"chữ Việt trong tệp bị hỏng: {finding.name}"
    elif finding.mojibake:
        what = (
            f"tệp UTF-8 nhưng chữ Việt bị sai bảng mã: đây là văn bản {finding.name} "
            "dán vào mà chưa chuyển mã"
        )
    else:
        what = f"tệp không phải UTF-8; có lẽ là bảng mã {finding.name}"
    return (
        f"{what} (dòng này sau khi chuyển mã: “{preview}”). "
        f"Chuyển sang UTF-8 bằng lệnh: ./press fix-encoding {shown}"
    )


def _command_arguments(path: Path, app: Sphinx) -> str:
    """The file as the editor types it after ``./press fix-encoding``.

    Relative to the book directory, which ``--book`` names when it is not
    the directory the press runs in.
    """
    book = Path(app.confdir).resolve()
    try:
        relative = Path(path).resolve().relative_to(book)
    except ValueError:
        return str(path)
    return str(relative) if book == Path.cwd().resolve() else f"--book {book} {relative}"


def _shown(path: Path, app: Sphinx) -> str:
    """The file as an editor types it: relative to the book directory."""
    try:
        return str(Path(path).relative_to(app.confdir))
    except ValueError:
        return str(path)


def normalise_text(app: Sphinx, docname: str, source: list[str]) -> None:
    """Compose decomposed Vietnamese (tổ hợp) so search, PDF text and copy-paste agree."""
    text = source[0]
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)  # noted once per build by check_encodings
    source[0] = text


def check_markup(app: Sphinx, docname: str, source: list[str]) -> None:
    """Mistakes Markdown publishes without a word, each said at its line: a chapter
    empty, without a title or nested past the parser's limit, a directive's fence
    left open (it swallows what follows), a table row with more or fewer cells than
    its header (a cell dropped, or left blank), invisible characters (words run
    together in print)."""
    for line, said in structure.messages(source[0]):
        logger.warning(said, location=(docname, line), type="book", subtype="structure")
    for fence in fences.unclosed_fences(source[0]):
        logger.warning(
            fences.message(fence), location=(docname, fence.line), type="book", subtype="fence"
        )
    for row in pipe_tables.mismatched_rows(source[0]):
        logger.warning(row.message(), location=(docname, row.line), type="book", subtype="table")
    for hidden in invisible.invisible_lines(source[0]):
        logger.warning(
            hidden.message(), location=(docname, hidden.line), type="book", subtype="invisible"
        )


def refuse_remote_images(app: Sphinx, doctree: nodes.document) -> None:
    """A book must carry its own images: the press never fetches while building."""
    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        if "://" in uri or uri.startswith("//"):
            logger.warning(
                "ảnh lấy từ mạng: %s. Hãy tải ảnh về thư mục sách (ví dụ chapters/images/) "
                "và dẫn bằng đường dẫn tương đối.",
                uri,
                location=image,
                type="book",
                subtype="remote",
            )


def setup(app: Sphinx) -> None:
    vietnamese.setup(app)
    app.connect("env-before-read-docs", check_encodings)
    app.connect("source-read", normalise_text)
    app.connect("source-read", check_markup)
    app.connect("doctree-read", refuse_remote_images)
