"""The arrows point down: core imports no face and no store; store imports no face."""

from __future__ import annotations

import subprocess
import sys

import pytest

FORBIDDEN = {
    "themecoder.core": ["textual", "click", "sqlite_utils", "rich", "themecoder.store",
                        "themecoder.cli", "themecoder.tui", "themecoder.io"],
    "themecoder.store": ["textual", "themecoder.cli", "themecoder.tui"],
    "themecoder.io": ["textual", "click", "sqlite_utils", "themecoder.cli", "themecoder.tui",
                      "themecoder.store"],
}

CORE_MODULES = ["themecoder.core.model", "themecoder.core.errors", "themecoder.core.segmentation",
                "themecoder.core.anchoring", "themecoder.core.text"]


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def _all_modules(package: str) -> list[str]:
    import importlib
    import pkgutil

    pkg = importlib.import_module(package)
    return [package] + [m.name for m in pkgutil.walk_packages(pkg.__path__, package + ".")]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_imports_point_down(package: str) -> None:
    modules = _all_modules(package)
    statement = "; ".join(f"import {m}" for m in modules)
    loaded = _loaded_after(statement)
    bad = sorted(m for m in loaded for f in FORBIDDEN[package] if m == f or m.startswith(f + "."))
    assert not bad, f"{package} pulls in {bad}"


def test_importing_themecoder_is_light() -> None:
    loaded = _loaded_after("import themecoder")
    assert not {"textual", "spacy", "sklearn", "sqlite_utils"} & loaded
