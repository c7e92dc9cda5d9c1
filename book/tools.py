"""External checkers the press runs (Chromium, npm packages), found or installed once.

They are not needed to publish, only to check: the tests and ``invoke check``
call these. npm packages go into ``.tools/`` at the repository root (git-ignored),
installed without downloading any browser of their own: Debian's Chromium is used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS_DIR = ROOT / ".tools"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# npm packages must not fetch browsers or run install scripts that would.
NO_DOWNLOADS = {
    "PUPPETEER_SKIP_DOWNLOAD": "1",
    "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1",
    "ELECTRON_SKIP_BINARY_DOWNLOAD": "1",
    "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
}


class ToolMissing(RuntimeError):
    """A checker is not installed and cannot be installed here."""


def chromium() -> str:
    """Path of Debian's Chromium."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise ToolMissing(
        "Chromium is not installed: apt-get install --no-install-recommends chromium "
        "(./press test installs it)"
    )


def tool_environment() -> dict[str, str]:
    """Environment for npm tools: no browser downloads, Debian's Chromium."""
    env = {**os.environ, **NO_DOWNLOADS}
    try:
        env["PUPPETEER_EXECUTABLE_PATH"] = chromium()
        env["CHROME_PATH"] = env["PUPPETEER_EXECUTABLE_PATH"]
    except ToolMissing:
        pass
    return env


def npm_tool(package: str, binary: str) -> Path:
    """The executable ``binary`` of npm ``package``, installed into ``.tools/`` on first use.

    ``package`` may carry a version (``@daisy/ace@1.3.3``); install scripts are
    skipped so nothing downloads a browser.
    """
    executable = TOOLS_DIR / "node_modules" / ".bin" / binary
    if executable.exists():
        return executable
    npm = shutil.which("npm")
    if npm is None:
        raise ToolMissing(f"npm is needed to install {package}")
    TOOLS_DIR.mkdir(exist_ok=True)
    result = subprocess.run(
        [npm, "install", "--prefix", str(TOOLS_DIR), "--ignore-scripts", "--no-audit",
         "--no-fund", "--loglevel=error", package],
        env=tool_environment(),
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if result.returncode != 0 or not executable.exists():
        raise ToolMissing(f"npm install {package} failed:\n{result.stderr[-2000:]}")
    return executable


def available_cores() -> int:
    """The cores this process may run on (fewer than the machine's in a container)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
