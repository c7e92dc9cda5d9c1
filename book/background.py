"""A builder's last step, run in a process forked from the build while the press goes on.

The ebook's packaging (every chapter made an XHTML document, fonts subset,
the archive written) needs nothing from the editions built after it, but
takes as long as building the website. Forked, the step has the builder's
pages and settings as they are, with nothing imported or pickled again; the
press builds the website on the other core meanwhile. What the step says
through Sphinx's logging (its progress, its warnings) is kept and handed to
the press with its result, which reports it as the build's own: a warning
still fails the edition, at the chapter and line it names.
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util import logging as sphinx_logging

from book.helper_process import as_helper, deaf_to_interrupts


@dataclass
class Finished:
    """What a step run in the background gave and said."""

    result: Any
    status: str  # its messages, as Sphinx writes them to the status stream
    warnings: str  # its warnings and errors, as Sphinx writes them to the warning stream
    error: str = ""  # a SphinxError's message: the step stopped, as a build stops
    crash: str = ""  # any other exception's message: an error of the press
    traceback: str = ""  # and where it was raised


class BackgroundFailed(Exception):
    """The step's process ended without saying how (killed, or out of memory)."""


class Background:
    """``work()`` running in a child of this process; :meth:`wait` for what it gave."""

    def __init__(self, app: Sphinx, work: Callable[[], Any]) -> None:
        reader, writer = os.pipe()
        self._pid = fork()
        if self._pid == 0:  # the child never returns from here
            os.close(reader)
            _run_child(app, work, writer)
        os.close(writer)
        self._reader = reader
        self._finished: Finished | None = None

    def wait(self) -> Finished:
        """The step's result and output, once it has ended (at most once waited for)."""
        if self._finished is None:
            with os.fdopen(self._reader, "rb") as pipe:
                payload = pipe.read()
            _, code = os.waitpid(self._pid, 0)
            if not payload:
                raise BackgroundFailed(how_it_ended(code))
            self._finished = pickle.loads(payload)
        return self._finished

    def abandon(self) -> None:
        """The build failed: stop the step, its result will not be published."""
        if self._finished is None:
            try:
                os.kill(self._pid, signal.SIGTERM)
                os.close(self._reader)
                os.waitpid(self._pid, 0)
            except OSError:  # already reaped, or the pipe read by wait()
                pass
            self._finished = Finished(None, "", "", error="abandoned")


def in_background(app: Sphinx, work: Callable[[], Any]) -> Background | None:
    """``work`` started in a forked process; None where processes cannot fork
    (the caller then runs it itself)."""
    if not hasattr(os, "fork"):
        return None
    return Background(app, work)


def fork() -> int:
    """``os.fork``, Python's buffered output written first (both processes would write it);
    the child a helper of this process (:func:`as_helper`)."""
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    with deaf_to_interrupts():
        pid = os.fork()
        if pid == 0:
            as_helper(parent)
    return pid


def end_child() -> NoReturn:
    """End a forked child: what it printed written, the parent's exit handlers (its other
    processes' pools, which are not the child's to shut down) skipped."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _run_child(app: Sphinx, work: Callable[[], Any], writer: int) -> None:
    """Run ``work`` with Sphinx's logging kept in memory; send what happened; exit
    (:func:`end_child`), whatever happens."""
    try:
        status, warnings = io.StringIO(), io.StringIO()
        sphinx_logging.setup(app, status, warnings, verbosity=app.verbosity)
        finished = Finished(None, "", "")
        try:
            finished.result = work()
        except SphinxError as error:
            finished.error = str(error)
        except BaseException as error:  # reported by the press, its traceback kept
            finished.crash, finished.traceback = str(error) or repr(error), traceback.format_exc()
        finished.status, finished.warnings = status.getvalue(), warnings.getvalue()
        payload = pickle.dumps(finished)
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(payload)
    finally:
        end_child()


def how_it_ended(code: int) -> str:
    """A wait status, for a process that ended without a word."""
    if os.WIFSIGNALED(code):
        return f"tiến trình bị dừng bởi tín hiệu {signal.Signals(os.WTERMSIG(code)).name}"
    return f"tiến trình kết thúc (mã {os.waitstatus_to_exitcode(code)}) mà không báo kết quả"
