"""What an editor sees while the press publishes: a few lines in Vietnamese.

Sphinx and MyST write their own log as they work (the configuration they
read, "build succeeded", their working folder, which is not where an edition
is published); the press writes it to ``build/.work/press.log`` and shows it
only with ``--verbose``. The editor sees a line per edition (on a terminal, a
bar that fills as the edition is built), the notices the press means for
them, and at the end where each edition went.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import time
from pathlib import Path
from typing import TextIO

# A line of the log the press means for the editor: shown, whatever the verbosity.
NOTICE = "Lưu ý: "

LABELS = {
    "pdf": "Bản in (PDF)",
    "epub": "Sách điện tử (EPUB)",
    "html": "Trang web",
}

# Sphinx's steps (its status lines carry "[ 40%]") and the print edition's
# layout ("… 10/40"), each given a share of an edition's bar.
_PHASES = (
    (re.compile(r"^reading sources\.\.\. \[\s*(\d+)%\]"), "đọc chương", 0.0, 0.3),
    (re.compile(r"^writing output\.\.\. \[\s*(\d+)%\]"), "viết trang", 0.3, 0.6),
    (re.compile(r"^copying images\.\.\. \[\s*(\d+)%\]"), "chép hình", 0.6, 0.65),
    (re.compile(r"^\s*… (\d+)/(\d+)$"), "dàn trang", 0.65, 1.0),
)
_LAYOUT_STARTS = _PHASES[-1][2]  # where the bar stands when the layout begins
_LAYING_OUT = re.compile(r"^Dàn trang (\d+)(?:/\d+)? phần")
_BAR_WIDTH = 24


class Console:
    """The press's messages to the editor, and Sphinx's log kept aside."""

    def __init__(self, out: TextIO | None, log: Path | None = None, verbose: bool = False):
        self.out = out
        self.verbose = verbose
        self.tty = bool(out is not None and getattr(out, "isatty", lambda: False)())
        self.log_path = log
        self._log: TextIO | None = None
        if log is not None:
            log.parent.mkdir(parents=True, exist_ok=True)
            self._log = log.open("w", encoding="utf-8")
        self.sphinx = SphinxLog(self)
        self.started = time.monotonic()
        self._step = ""  # the edition being built, as its bar says it
        self._drawn = False  # a bar is on the terminal's last line
        self._state = (0.0, "")  # how full it is, and what it says
        self._published: list[tuple[str, Path, str]] = []
        self._noticed: set[str] = set()

    def step(self, number: int, total: int, edition: str, note: str = "") -> None:
        """An edition begins (the one before is built: its bar is full)."""
        self._end_bar(done=True)
        self._step = f"[{number}/{total}] {LABELS.get(edition, edition)}{note}"
        if self.tty and not self.verbose:
            self._draw(0.0, "")
        else:
            self._line(f"{self._step}…")

    def progress(self, fraction: float, doing: str) -> None:
        if self.tty and not self.verbose and self._step:
            self._draw(fraction, doing)

    def detail(self, text: str) -> None:
        """A step within an edition: a line when not on a terminal, the bar's words on one."""
        if self.tty and not self.verbose:
            self.progress(_LAYOUT_STARTS, text)
        elif not self.verbose:
            self._line(f"      {text}")

    def notice(self, text: str) -> None:
        """A line meant for the editor (once, however many editions say it)."""
        if text not in self._noticed:
            self._noticed.add(text)
            self._line(text)

    def published(self, edition: str, path: Path, detail: str = "") -> None:
        self._published.append((edition, path, detail))

    def summary(self) -> None:
        """Where each edition went, and how long it took."""
        self._end_bar(done=True)
        if not self._published:
            return
        seconds = f"{time.monotonic() - self.started:.1f}".replace(".", ",")
        count = len(self._published)
        self._line(f"Đã xuất bản {count} ấn bản trong {seconds} giây:")
        width = max(len(self._described(*item)) for item in self._published)
        order = list(LABELS)
        for edition, path, detail in sorted(
            self._published, key=lambda item: order.index(item[0]) if item[0] in order else 9
        ):
            shown = path / "index.html" if edition == "html" else path
            self._line(f"  {self._described(edition, path, detail):<{width}}  {_shown(shown)}")

    def close(self) -> None:
        self.sphinx.flush()
        self._end_bar()
        if self._log is not None:
            self._log.close()
            self._log = None

    def _described(self, edition: str, path: Path, detail: str) -> str:
        label = LABELS.get(edition, edition)
        return f"{label}, {detail}" if detail else label

    def log(self, text: str) -> None:
        if self._log is not None:
            self._log.write(text)
        if self.verbose and self.out is not None:
            self.out.write(text)
            self.out.flush()

    def _line(self, text: str) -> None:
        """A line of its own; on a terminal, above the bar being drawn, drawn again below."""
        if self.out is None:
            return
        if self._drawn:
            self.out.write("\r\x1b[2K")
            print(text, file=self.out, flush=True)
            self._draw(*self._state)
        else:
            print(text, file=self.out, flush=True)

    def _draw(self, fraction: float, doing: str) -> None:
        if self.out is None:
            return
        self._state = (fraction, doing)
        filled = round(max(0.0, min(1.0, fraction)) * _BAR_WIDTH)
        bar = "█" * filled + "░" * (_BAR_WIDTH - filled)
        line = f"{self._step}  {bar} {round(fraction * 100):3d} %  {doing}"
        # Wider than the terminal, the line would wrap and "\r" redraw only its end.
        width = shutil.get_terminal_size().columns - 1
        self.out.write(f"\r\x1b[2K{line[:width]}")
        self.out.flush()
        self._drawn = True

    def _end_bar(self, done: bool = False) -> None:
        if self._drawn and self.out is not None:
            if done:
                self._draw(1.0, "xong")
            self.out.write("\n")
            self._drawn = False


class SphinxLog(io.TextIOBase):
    """Sphinx's status stream: to the log, its progress to the bar, notices to the editor."""

    def __init__(self, console: Console) -> None:
        super().__init__()
        self.console = console
        self._partial = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.console.log(text)
        lines = re.split(r"[\r\n]", self._partial + text)
        self._partial = lines.pop()
        for line in lines:
            self._read(line)
        return len(text)

    def flush(self) -> None:
        if self._partial:
            self._read(self._partial)
            self._partial = ""

    def _read(self, line: str) -> None:
        if NOTICE in line:  # after a message Sphinx left open ("… " without a newline)
            self.console.notice(line[line.index(NOTICE) :])
            return
        for pattern, doing, start, end in _PHASES:
            match = pattern.match(line)
            if match:
                share = int(match[1]) / (int(match[2]) if match.lastindex == 2 else 100)
                self.console.progress(start + (end - start) * share, doing)
                return
        laying_out = _LAYING_OUT.match(line)
        if laying_out:
            self.console.detail(f"dàn trang {laying_out[1]} phần của sách")


def human_size(size: int) -> str:
    """1536 → "1,5 KB"; Vietnamese writes the decimal comma."""
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    else:
        value, unit = size / 1024, "KB"
    return f"{value:.1f} {unit}".replace(".", ",")


def _shown(path: Path) -> str:
    """``path`` as the editor would type it: relative to where they are, when inside."""
    try:
        return str(Path(path).resolve().relative_to(Path(os.getcwd()).resolve()))
    except ValueError:
        return str(path)
