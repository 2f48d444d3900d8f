"""The style guide's static checks: `mypy --strict` on core/ and store/, and `ruff` on the code.

Both run as subprocesses from the repository root (so pyproject.toml's settings apply) and write no
cache into the tree: mypy's goes to a temporary directory, ruff keeps none.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _run_module(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m <module> <args>` in the repository root, or skip if it is not installed."""
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_mypy_strict_on_core_and_store(tmp_path: Path) -> None:
    result = _run_module(
        "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy-cache"),
        "src/themecoder/core", "src/themecoder/store",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check() -> None:
    result = _run_module("ruff", "check", "--no-cache", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr
