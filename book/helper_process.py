"""What every process the press starts does first (light: the layout workers import it).

The press starts helpers: layout workers, the merge, forked editions. Two
things were wrong with them: Ctrl+C reached them too, and each printed a
traceback of its own; and a press killed outright left them running for
minutes, working for nobody.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


def as_helper(parent: int | None = None) -> None:
    """Make this process a helper of the one that started it (``parent``; by default
    the process multiprocessing started it from): Ctrl+C is the press's to handle (the
    helper's own traceback would only be noise), and when the press ends, even killed,
    the helper ends within a second instead of working on for nobody."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is None:
        import multiprocessing

        started_by = multiprocessing.parent_process()
        parent = started_by.pid if started_by is not None else os.getppid()
    if os.getppid() != parent:  # the press died while this process was starting
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="leave-with-parent", daemon=True).start()


@contextmanager
def deaf_to_interrupts() -> Iterator[None]:
    """Start helpers in this block: they begin with Ctrl+C blocked.

    A helper starting up (Python importing its modules) is not yet a helper:
    Ctrl+C then printed its KeyboardInterrupt traceback. The signal mask is
    inherited through fork and exec, and blocking it here holds only for this
    thread of the press.
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
