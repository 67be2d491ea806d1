"""House style as tests: `ruff check` and `mypy --strict` (configured in pyproject.toml) pass.

Each tool runs from the interpreter running the tests (`python -m ruff`, `python -m mypy`), so
the venv's own versions are used; a tool that is not installed skips the test, with the reason.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 300  # seconds; a warm run takes a few, a cold mypy cache well under a minute


def _run_tool(module: str, *args: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed in {sys.executable} "
                    "(pip install -e '.[test]' installs it)")
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, (
        f"`{module} {' '.join(args)}` exited with {result.returncode}:\n{output}"
    )


def test_ruff_is_clean() -> None:
    _run_tool("ruff", "check", "src", "tests", "bench")


def test_mypy_is_clean() -> None:
    # files, strictness and the untyped-library overrides come from [tool.mypy]
    _run_tool("mypy")
