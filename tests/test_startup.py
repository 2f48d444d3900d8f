"""Start-up stays light: a command loads numpy, scikit-learn, spaCy or Textual only when it computes
with them. Each command runs in a fresh interpreter that then lists what it imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

HEAVY = ("numpy", "sklearn", "spacy", "textual")
TEXT = "Ana said the training helped. Then she said it was too short. Budi agreed with her."
CODEBOOK = "name: Startup\ncodes:\n  - name: training\n  - name: length\n"

# Runs one command as `themecoder` would, then prints the top-level modules it loaded.
SCRIPT = """
import sys
from themecoder.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="themecoder")
except SystemExit as exit:
    if exit.code:
        raise
print("MODULES", " ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with one transcript, two codes and two coders' codings."""
    from themecoder.cli import cli

    folder = tmp_path_factory.mktemp("startup")
    (folder / "interview.txt").write_text(TEXT, encoding="utf-8")
    (folder / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    db = str(folder / "study.db")
    for args in (["codebook", "import", folder / "codebook.yaml"], ["import", folder / "interview.txt"],
                 ["--coder", "ana", "code", "interview", "training", "--start", "0", "--end", "29"],
                 ["--coder", "budi", "code", "interview", "training", "--start", "0", "--end", "60"],
                 ["--coder", "budi", "code", "interview", "length", "--start", "30", "--end", "62"]):
        result = CliRunner().invoke(cli, ["-p", db, *map(str, args)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return folder / "study.db"


def loaded_by(*args: str) -> set[str]:
    """The top-level modules a fresh `themecoder ARGS` process has imported when it is done."""
    out = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True,
                         check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("MODULES "))
    return set(line.split()[1:])


@pytest.mark.parametrize("command", [
    ["docs", "--format", "json"],
    ["codings", "--format", "json"],
    ["codebook", "list", "--format", "json"],
    ["export", "codings", "--format", "csv"],
    ["check"],
])
def test_common_commands_load_no_numpy(study: Path, command: list[str]) -> None:
    loaded = loaded_by("-p", str(study), *command)
    assert "sqlite_utils" in loaded  # the command did open the project
    assert not loaded & set(HEAVY), f"{' '.join(command)} imported {sorted(loaded & set(HEAVY))}"


def test_help_loads_neither_numpy_nor_the_store() -> None:
    loaded = loaded_by("--help")
    assert not loaded & {*HEAVY, "sqlite_utils", "rich", "rapidfuzz"}


def test_agree_loads_numpy(study: Path) -> None:
    """The check above can fail: a command that computes with numpy does load it."""
    loaded = loaded_by("-p", str(study), "agree", "--coders", "ana,budi", "--format", "json")
    assert "numpy" in loaded
    assert not loaded & {"sklearn", "spacy", "textual"}


def test_sqlite_utils_still_maps_numpy_types_loaded_after_it(tmp_path: Path) -> None:
    """sqlite-utils is imported with numpy hidden; numpy's scalar types still get column types."""
    code = f"""
import sys
from themecoder.store.connection import open_database
assert "numpy" not in sys.modules
import numpy as np
db = open_database(__import__("pathlib").Path({str(tmp_path / "t.db")!r}))
db.create_table("t", {{"n": np.int64, "u": np.uint8, "x": np.float32, "s": str}})
print({{c.name: c.type for c in db["t"].columns}})
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "{'n': 'INTEGER', 'u': 'INTEGER', 'x': 'REAL', 's': 'TEXT'}"


def test_suggest_coder_name_matches_the_store() -> None:
    """`cli.suggest` names the `suggest` coder without loading the store; both must agree."""
    from themecoder.cli.suggest import SUGGEST_CODER
    from themecoder.store.suggestion_model import SUGGEST_CODER as STORED

    assert SUGGEST_CODER == STORED
