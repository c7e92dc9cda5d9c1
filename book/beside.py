"""An edition's Sphinx run in a process forked before any other, started once the book is read.

The website needs nothing from the print edition or the ebook but the book
Sphinx has read, and the files they publish for its downloads page. Built
after them, it was the last quarter of a rebuild after an edit and a fifth of
a cold one, with one core of two idle while the print edition was assembled
and laid out. Forked as the press starts, before any Sphinx application
exists (Sphinx registers directives and nodes process-wide), the process
waits until the first edition has read the chapters and saved the
environment, builds the website from it, hands back what it said, then waits
again: once the other editions are published, it writes what describes them
(the downloads page) and ends.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from typing import Any

from book.background import end_child, fork, how_it_ended

BUILD, AFTER = "build", "after"


@dataclass
class Said:
    """What a step of the process said: its messages and its problems (press.Problem)."""

    status: str = ""
    problems: list = field(default_factory=list)


class BesideFailed(Exception):
    """The process ended without saying how (killed, or out of memory)."""


class Beside:
    """``run(status)`` → (app, problems) in a child forked now, once :meth:`release`\\ d;
    ``after(app)`` → problems, once asked (:meth:`after`)."""

    def __init__(
        self,
        run: Callable[[io.StringIO], tuple[Any, list]],
        after: Callable[[Any], list],
        crash: Callable[[BaseException], Any],
    ) -> None:
        ours, theirs = Pipe()
        self._pid = fork()
        if self._pid == 0:  # the child never returns from here
            ours.close()
            _serve(theirs, run, after, crash)
        theirs.close()
        self._connection: Connection | None = ours
        self._released = False

    def release(self, *args: Any) -> None:
        """The book is read and its environment saved: build (a Sphinx event handler)."""
        if not self._released and self._connection is not None:
            self._released = True
            self._connection.send(BUILD)

    def built(self) -> Said:
        """What the run said, once it is done."""
        self.release()
        return self._receive()

    def after(self) -> Said:
        """Run ``after`` on the application built; what it said."""
        self._connection.send(AFTER)
        said = self._receive()
        self._end()
        return said

    def abandon(self) -> None:
        """The build failed or is over: the process ends, whatever it was doing."""
        if self._connection is None:
            return
        with contextlib.suppress(ProcessLookupError):  # it had ended
            os.kill(self._pid, signal.SIGKILL)
        self._end()

    def _receive(self) -> Said:
        try:
            return self._connection.recv()
        except (EOFError, OSError):
            code = self._end()
            raise BesideFailed(how_it_ended(code)) from None

    def _end(self) -> int:
        self._connection.close()
        self._connection = None
        return os.waitpid(self._pid, 0)[1]


def _serve(
    connection: Connection,
    run: Callable[[io.StringIO], tuple[Any, list]],
    after: Callable[[Any], list],
    crash: Callable[[BaseException], Any],
) -> None:
    """The child: wait, run, say; wait, run ``after``, say; exit (:func:`end_child`)."""
    try:
        if connection.recv() == BUILD:
            status = io.StringIO()
            try:
                app, problems = run(status)
            except BaseException as error:  # run() reports the book's problems itself
                app, problems = None, [crash(error)]
            connection.send(Said(status.getvalue(), problems))
            if app is not None and not problems and connection.recv() == AFTER:
                try:
                    said = Said(problems=after(app))
                except BaseException as error:
                    said = Said(problems=[crash(error)])
                connection.send(said)
    except (EOFError, OSError):  # the parent went away, or abandoned the build
        pass
    except BaseException:
        traceback.print_exc()
    finally:
        end_child()
