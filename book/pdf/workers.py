"""The processes that lay out the print edition, each keeping the chunks it measured.

A cold build must lay out every chunk before it knows any page number. A
worker keeps each chunk it measured, laid out, in its memory; once the
numbers are known, the same worker writes the chunk's PDF with the right
numbers put in (:func:`book.pdf.render.renumber`) instead of laying it out a
second time. Tasks for a chunk a worker keeps go to that worker, which takes
them before any other; the others go to whichever worker is free, in the
order submitted.

Spawned, not forked: a worker starts without the Sphinx build's memory.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import traceback
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from book.helper_process import as_helper, deaf_to_interrupts
from book.pdf.jobs import LayoutJob, LayoutResult
from book.pdf.native_libraries import import_weasyprint
from book.tools import available_cores

MIN_JOBS_FOR_POOL = 4  # starting a worker costs about as much as laying out a few chapters
MEASURE, WRITE, FINISH = "measure", "write", "finish"


@dataclass
class Task:
    """``MEASURE``: lay out and keep; ``WRITE``: lay out and write; ``FINISH``: renumber
    the chunk kept by the worker and write it (laid out again if the numbers do not fit)."""

    kind: str
    job: LayoutJob
    labels: Mapping[str, str] = field(default_factory=dict)
    worker: int | None = None  # the worker that must run it, for FINISH


def layout_workers(configured: int) -> int:
    """``book_pdf_processes``, 0 meaning one per core."""
    return configured if configured > 0 else available_cores()


def workers_to_start_early(
    configured: int, *, cold: bool, documents: int, weasyprint_loaded: bool
) -> int:
    """How many layout processes to start while Sphinx reads, before the work is known.

    A worker spends its first second importing WeasyPrint; started early, it
    does so while the build's main process is busy reading. A cold build of a
    book of several chapters will want every worker; a rebuild usually lays
    out a chapter or two, one worker. None where this process lays out as
    cheaply (WeasyPrint already loaded, as in a test run) or one process is
    all that is allowed.
    """
    count = layout_workers(configured)
    if count < 2 or weasyprint_loaded:
        return 0
    return count if cold and documents >= MIN_JOBS_FOR_POOL else 1


def perform(task: Task, kept: dict) -> object:
    """Run one task in this process; ``kept`` holds the chunks measured here.

    In a worker, nothing here logs through Sphinx: everything worth saying
    (WeasyPrint's warnings, a resource refused) goes back in the result.
    """
    from book.pdf.render import describe, render, renumber, write  # WeasyPrint: workers only

    job = task.job
    if task.kind == FINISH:
        rendered = kept.pop(job.name, None)
        if rendered is None or not renumber(rendered, task.labels, job.first_page):
            rendered = render(job)
    else:
        rendered = render(job)
    if isinstance(rendered, LayoutResult):  # a resource refused
        return rendered
    if task.kind == MEASURE:
        kept[job.name] = rendered
    else:
        write(rendered, job)
    return describe(rendered)


class _Queue:
    """Tasks waiting for a worker; ``first`` puts one before the others."""

    def __init__(self) -> None:
        self.waiting: deque[Task] = deque()

    def submit(self, task: Task, first: bool = False) -> None:
        if first:
            self.waiting.appendleft(task)
        else:
            self.waiting.append(task)


class InProcess(_Queue):
    """The same service without processes, for a book of a few chunks."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict = {}

    def results(self) -> Iterator[tuple[int, Task, object]]:
        while self.waiting:
            task = self.waiting.popleft()
            yield 0, task, perform(task, self.kept)

    def close(self) -> None:
        self.kept.clear()


class Workers(_Queue):
    """``count`` worker processes; :meth:`results` yields (worker, task, result) as tasks end.

    Tasks may be submitted while results are read; ``first`` puts a task
    before those waiting (a chunk to finish lets its worker free memory).
    """

    def __init__(self, count: int, warm_up: Path | None = None) -> None:
        """``warm_up``: the stylesheet of the last build, made ready before the first task."""
        super().__init__()
        self._warm_up = warm_up
        self._context = multiprocessing.get_context("spawn")
        self.outbox = self._context.Queue()
        self.inboxes: list = []
        self.processes: list = []
        self.running: dict[int, Task] = {}
        self.grow(count)

    def grow(self, count: int) -> None:
        """Start workers until there are ``count``."""
        while len(self.processes) < count:
            inbox = self._context.Queue()
            process = self._context.Process(
                target=_serve,
                args=(len(self.processes), inbox, self.outbox, self._warm_up),
                daemon=True,
            )
            with deaf_to_interrupts():
                process.start()
            self.inboxes.append(inbox)
            self.processes.append(process)

    def results(self) -> Iterator[tuple[int, Task, object]]:
        while self.waiting or self.running:
            self._dispatch()
            worker, result = self._next_result()
            yield worker, self.running.pop(worker), result

    def _dispatch(self) -> None:
        for worker in range(len(self.inboxes)):
            if worker in self.running:
                continue
            # Its own chunks first: only it can finish them, and they free its memory.
            task = next((t for t in self.waiting if t.worker == worker), None) or next(
                (t for t in self.waiting if t.worker is None), None
            )
            if task is not None:
                self.waiting.remove(task)
                self.running[worker] = task
                self.inboxes[worker].put(task)

    def _next_result(self) -> tuple[int, object]:
        while True:
            try:
                worker, result = self.outbox.get(timeout=1)
            except queue.Empty:
                if not self.processes:  # terminated from another thread
                    raise RuntimeError("các tiến trình dàn trang đã bị dừng") from None
                dead = [process for process in self.processes if not process.is_alive()]
                if dead:
                    raise RuntimeError(
                        f"một tiến trình dàn trang đã dừng đột ngột (mã {dead[0].exitcode}); "
                        "có thể máy hết bộ nhớ: giảm book_pdf_processes trong conf.py."
                    ) from None
                continue
            if isinstance(result, BaseException):
                raise result
            return worker, result

    def close(self) -> None:
        """Tell the workers to end, and let them: a worker takes a tenth of a second to
        exit, a rebuild's whole layout three; a thread waits for them instead."""
        for inbox in self.inboxes:
            inbox.put(None)
        reaper = threading.Thread(target=_reap, args=(self.processes,), daemon=True)
        reaper.start()
        _exiting.append(reaper)
        self.inboxes, self.processes = [], []

    def terminate(self) -> None:
        """Stop the workers now, whatever they are doing (the build has failed)."""
        for process in self.processes:
            process.kill()
        for process in self.processes:
            process.join()
        self.inboxes, self.processes = [], []


_exiting: list[threading.Thread] = []  # waiting for workers closed to exit


def wait_for_exits() -> None:
    """Return once every worker closed has exited (the press, before it returns)."""
    while _exiting:
        _exiting.pop().join()


def _reap(processes: list) -> None:
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join()


def _serve(number: int, inbox, outbox, warm_up: Path | None = None) -> None:
    as_helper()
    # WeasyPrint imported before the first task comes: a worker started early
    # (see workers_to_start_early) is ready when the layout starts.
    import_weasyprint()
    from book.pdf.render import warm_up_with

    if warm_up is not None:
        warm_up_with(warm_up)

    kept: dict = {}
    while (task := inbox.get()) is not None:
        try:
            outbox.put((number, perform(task, kept)))
        except Exception as error:  # the press's bug: reported with its traceback
            outbox.put((number, RuntimeError(f"{error}\n{traceback.format_exc()}")))
