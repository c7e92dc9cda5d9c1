"""A chapter's shape, as the Markdown parser will see it: a title, and nothing nested
deeper than the parser keeps.

MyST's parser (markdown-it) stops at twenty levels of nesting, a list nine
levels deep: what lies deeper is dropped from every edition without a word.
The chapter is parsed here without that limit, and what would be dropped is
reported at its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt

# markdown-it's own limit in the CommonMark preset MyST starts from.
PARSER_NESTING = MarkdownIt("commonmark").options["maxNesting"]


@dataclass(frozen=True)
class Shape:
    titled: bool  # at least one heading: Sphinx takes the first as the chapter's title
    too_deep: int | None  # the first line nested past the parser's limit (1-based)


def shape(text: str) -> Shape:
    parser = MarkdownIt("commonmark", {"maxNesting": 10 * PARSER_NESTING})
    tokens = parser.parse(text)
    titled = any(token.type == "heading_open" for token in tokens)
    deepest = _first_too_deep(tokens)
    return Shape(titled, deepest)


def _first_too_deep(tokens) -> int | None:
    for token in tokens:
        if token.level >= PARSER_NESTING and token.map:
            return token.map[0] + 1
        for child in token.children or ():
            if child.level + token.level >= PARSER_NESTING:
                return (token.map[0] + 1) if token.map else None
    return None


def messages(text: str) -> list[tuple[int, str]]:
    """(line, what to say) for a chapter empty, untitled, or nested past the parser's limit."""
    if not text.strip():
        return [
            (
                1,
                "tệp chương trống: viết tiêu đề (dòng “# Tiêu đề chương”) và nội dung, hoặc bỏ "
                "chương khỏi mục lục (chapters/index.md) rồi xoá tệp.",
            )
        ]
    found = shape(text)
    said = []
    if not found.titled:
        said.append((1, "chương chưa có tiêu đề: thêm một dòng “# Tiêu đề chương” ở đầu tệp."))
    if found.too_deep is not None:
        said.append(
            (
                found.too_deep,
                "nội dung lồng nhau quá sâu từ dòng này (danh sách, trích dẫn lồng quá nhiều "
                "cấp): phần lồng sâu hơn sẽ bị mất trong mọi ấn bản. Hãy giảm số cấp lồng "
                "(một danh sách nên có tối đa ba, bốn cấp).",
            )
        )
    return said
