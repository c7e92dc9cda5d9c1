"""WeasyPrint's native libraries found from the dynamic linker's cache, without a compiler.

WeasyPrint tries several names for each library it loads (Pango, HarfBuzz,
fontconfig...), those of Linux, macOS and Windows, and cffi looks up each name
that is not a file with ``ctypes.util.find_library``. On Linux that runs
``ldconfig -p``, then gcc and ld, for every name tried: twenty-two lookups and
some sixty processes in every layout worker's start, 0.16 s on an idle machine
and 0.4 s while the build's other processes run. The linker's cache, read once,
gives the same answers for the names it holds; a name it lacks is not looked
for further. Should WeasyPrint then miss a library that only the compiler
finds, it is imported again the usual way.
"""

from __future__ import annotations

import ctypes.util
import glob
import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path


def import_weasyprint() -> None:
    """Import WeasyPrint, its libraries found in the linker's cache; the usual way if not."""
    try:
        with _found_in_linker_cache():
            import weasyprint
    except OSError:  # a library only the compiler finds (a custom prefix, say)
        import weasyprint  # noqa: F401


@contextmanager
def _found_in_linker_cache() -> Iterator[None]:
    """``ctypes.util.find_library`` answering from ``ldconfig -p`` (and the directories of
    ``LD_LIBRARY_PATH``) while in the block; a name found in neither is not found."""
    original = ctypes.util.find_library
    ctypes.util.find_library = _cached_soname
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _cached_soname(name: str) -> str | None:
    """The file ``ctypes.util.find_library`` finds for ``name`` from the linker's cache."""
    match = re.search(rf"\s(lib{re.escape(name)}\.\S+)\s+\({_abi()}", _linker_cache())
    if match:
        return match[1]
    for directory in filter(None, os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep)):
        found = sorted(Path(directory).glob(f"lib{glob.escape(name)}.so*"))
        if found:
            return str(found[0])
    return None


@cache
def _linker_cache() -> str:
    try:
        result = subprocess.run(
            ["/sbin/ldconfig", "-p"],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
        )
    except OSError:
        return ""
    return result.stdout


def _abi() -> str:
    """The cache's tag for this machine's libraries, as ctypes.util reads it."""
    machine = os.uname().machine + ("-64" if ctypes.sizeof(ctypes.c_void_p) == 8 else "-32")
    return {
        "x86_64-64": "libc6,x86-64",
        "ppc64-64": "libc6,64bit",
        "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit",
        "ia64-64": "libc6,IA-64",
        "aarch64-64": "libc6,AArch64",
    }.get(machine, "libc6")
