"""WeasyPrint's libraries found from the linker's cache: the same files, no compiler run."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys

import pytest

from book.pdf import native_libraries

# Names WeasyPrint tries (weasyprint/text/ffi.py): some are this system's, most are not.
NAMES = [
    "libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "pango-1.0", "harfbuzz",
    "harfbuzz-subset", "fontconfig-1", "fontconfig", "pangoft2-1.0", "libpango-1.0.so.0",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_the_cache_finds_what_ctypes_finds(name: str):
    assert native_libraries._cached_soname(name) == ctypes.util.find_library(name)


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )


def test_weasyprint_imports_with_one_process_run():
    result = _run(
        "import subprocess\n"
        "runs = []\n"
        "class Counted(subprocess.Popen):\n"
        "    def __init__(self, args, *rest, **options):\n"
        "        runs.append(args)\n"
        "        super().__init__(args, *rest, **options)\n"
        "subprocess.Popen = Counted\n"
        "from book.pdf.native_libraries import import_weasyprint\n"
        "import_weasyprint()\n"
        "from weasyprint.text import ffi\n"
        "assert ffi.pango is not None\n"
        "print(runs)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[['/sbin/ldconfig', '-p']]"


def test_a_library_the_cache_misses_is_found_the_usual_way():
    result = _run(
        "from book.pdf import native_libraries\n"
        "native_libraries._cached_soname = lambda name: None\n"
        "native_libraries.import_weasyprint()\n"
        "from weasyprint.text import ffi\n"
        "assert ffi.pango is not None\n"
    )
    assert result.returncode == 0, result.stderr
