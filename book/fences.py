"""Directive fences an editor forgot to close.

In MyST a fence left open runs on: the ```` ``` ```` that should have closed a
figure instead ends at the next fence that can close it, so the next section's
heading and a programme card go into the figure's caption, or the rest of the
chapter into a card, and the book publishes without a word. The fences are
followed here line by line, as CommonMark reads them, and three signs of a
fence left open are reported at the line that opened it:

- a directive's fence (```` ```{figure} ````, ``:::{note}``) opened inside
  another directive's fence with a marker as long (its closing line would close
  the outer one; a longer outer marker nests it, as MyST allows);
- a heading (``## 7.2 …``) inside a directive's fence (code fences hold
  comments such as ``# ...`` legitimately, and are not looked into);
- a fence still open at the end of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<marker>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_HEADING = re.compile(r"^ {0,3}#{1,6}\s+\S")


@dataclass(frozen=True)
class OpenFence:
    line: int  # where it was opened, 1-based
    marker: str
    name: str  # the directive ("figure"), or "" for code
    reason: str  # Vietnamese: what gave it away


def unclosed_fences(text: str) -> list[OpenFence]:
    """The fences of ``text`` that look left open, each with the line that opened it."""
    found: list[OpenFence] = []
    stack: list[tuple[int, str, str]] = []  # (line, marker, directive name)
    for number, line in enumerate(text.splitlines(), 1):
        match = _FENCE.match(line)
        if stack:
            opened_at, marker, name = stack[-1]
            if match and _closes(match, marker):
                stack.pop()
                continue
            if not name:
                continue  # inside code: nothing is markup
            nested = match and match["info"].strip().startswith("{")
            if nested and match["marker"][0] == marker[0] and len(match["marker"]) >= len(marker):
                # Its closing line would close the outer fence: the outer one was left open.
                found.append(
                    OpenFence(
                        opened_at, marker, name,
                        f"khối {{{_directive(match['info'])}}} mở ở dòng {number} nằm trong nó",
                    )
                )  # fmt: skip
                stack[-1] = (number, match["marker"], _directive(match["info"]))
                continue
            if _HEADING.match(line):
                found.append(
                    OpenFence(opened_at, marker, name, f"tiêu đề ở dòng {number} nằm trong nó")
                )
                stack.pop()  # the heading shows where the editor thought it ended
                continue
            if nested:  # a shorter or other marker: nested as MyST allows
                stack.append((number, match["marker"], _directive(match["info"])))
            continue
        if match:
            info = match["info"].strip()
            name = _directive(info) if info.startswith("{") else ""
            if match["marker"][0] == ":" and not name:
                continue  # ":::" alone is not a fence
            stack.append((number, match["marker"], name))
    for opened_at, marker, name in stack:
        found.append(OpenFence(opened_at, marker, name, "nó chạy tới hết tệp"))
    return sorted(found, key=lambda fence: fence.line)


def message(fence: OpenFence) -> str:
    """What the editor reads, at the line that opened the fence."""
    what = f"khối {fence.marker}{{{fence.name}}}" if fence.name else f"khối mã {fence.marker}"
    return (
        f"{what} mở ở dòng này chưa được đóng ({fence.reason}): thêm một dòng "
        f"{fence.marker} ngay sau nội dung của khối."
    )


def closing_line(line: str, marker: str) -> bool:
    """Whether ``line`` closes a fence opened with ``marker`` (```` ``` ````, ``:::``)."""
    text = line.strip()
    return bool(text) and set(text) == {marker[0]} and len(text) >= len(marker)


def _closes(match: re.Match, marker: str) -> bool:
    closing = match["marker"]
    return closing[0] == marker[0] and len(closing) >= len(marker) and not match["info"].strip()


def _directive(info: str) -> str:
    name = re.match(r"\{([^}]*)\}", info.strip())
    return name[1] if name else info.strip()
