"""The print edition's processes, started as the press starts, before Sphinx.

A layout worker spends half a second importing WeasyPrint (and a third more
on its first chunk, reading the stylesheet and the fonts, which it now does
with the last build's stylesheet before a chunk comes) and the merge's
process a quarter importing pikepdf. Started by the print builder, they began
once Sphinx had loaded its extensions and the environment: time in which the
press used one core of two, and after an edit the worker, then the merge,
were the longest path of the whole publish. :func:`start` starts them first,
before anyone knows the book's settings; the print builder takes them
(:func:`take`), adds the workers a cold build wants or closes those it does
not; :func:`stop` closes what nobody took (a build that stopped before).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from book.pdf.jobs import PRINT_STYLESHEET
from book.pdf.workers import Workers
from book.tools import available_cores

if TYPE_CHECKING:
    from book.pdf.merge import MergeProcess


@dataclass
class Started:
    workers: Workers | None = None
    merger: MergeProcess | None = None
    outdir: Path | None = None  # the print edition's, whose last build decided them

    def close(self) -> None:
        if self.workers is not None:
            self.workers.close()
        if self.merger is not None:
            self.merger.close()
        self.workers = self.merger = self.outdir = None


_started = Started()


def start(outdir: Path) -> None:
    """One layout worker; and the merge's process, when the print edition's last build
    (in ``outdir``) left a merge to begin from. Nothing more if they were started for it
    already (by ``tasks.py``, before it imported the press)."""
    global _started
    if not worth_starting() or (_started.workers is not None and _started.outdir == outdir):
        return
    from book.pdf.merge import MergeProcess
    from book.pdf.merge_plan import PLAN

    _started.close()  # a head start nobody took (never expected)
    _started = Started(
        Workers(1, warm_up=outdir / PRINT_STYLESHEET),
        MergeProcess() if (outdir / PLAN).is_file() else None,
        outdir,
    )


def worth_starting() -> bool:
    """Where WeasyPrint is loaded (the tests) chunks are laid out in this process, and
    one core has no time to spare."""
    return "weasyprint" not in sys.modules and available_cores() >= 2


def take() -> Started:
    """The processes started, now the caller's to close; empty if none were."""
    global _started
    taken, _started = _started, Started()
    return taken


def stop() -> None:
    """Close the processes nobody took."""
    _started.close()
