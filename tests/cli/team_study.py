"""A small study for `agree` and `adjudicate`, built through the CLI on a real project file.

`nvivo`: NVivo's help example made concrete (AGREEMENT_VECTORS T9): one 1000-character source,
coder ana codes [100, 250), coder budi [200, 300) with the code `theme`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.conftest import Run, as_json

CODEBOOK = """name: Team test
codes:
  - name: theme
  - name: other
  - name: unused
"""


def thousand_characters() -> str:
    """40 sentences, one every 25 characters: "Sentence 001 is here now. Sentence 02 is ..."."""
    rest = [f"Sentence {n:02d} is here now." for n in range(2, 41)]
    text = " ".join(["Sentence 001 is here now.", *rest])
    assert len(text) == 1000
    return text


def make_study(tmp_path: Path, run: Run) -> Path:
    """One document `source` (1000 characters) and the codebook; no codings yet."""
    (tmp_path / "source.txt").write_text(thousand_characters(), encoding="utf-8")
    (tmp_path / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    run("codebook", "import", tmp_path / "codebook.yaml")
    run("import", tmp_path / "source.txt")
    shown = as_json(run("show", "source", "--format", "json"))
    assert len(shown["text"]) == 1000
    return tmp_path


def code(run: Run, coder: str, start: int, end: int, code_path: str = "theme",
         doc: str = "source") -> None:
    run("code", doc, code_path, "--start", start, "--end", end, coder=coder)


def make_nvivo(tmp_path: Path, run: Run) -> Path:
    """The study with T9's codings: ana [100, 250), budi [200, 300) of `theme`."""
    make_study(tmp_path, run)
    code(run, "ana", 100, 250)
    code(run, "budi", 200, 300)
    return tmp_path


def table_rows(db: Path, table: str) -> list[tuple]:
    """Every row of a table, in id order, read with the standard library."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        conn.close()


def run_with_input(db: Path, *args: str, text: str, coder: str = "ana") -> str:
    """Run a command with `text` as its standard input; returns stdout (exit 0 asserted)."""
    from click.testing import CliRunner

    from themecoder.cli import cli

    result = CliRunner().invoke(cli, ["-p", str(db), "--coder", coder, *args], input=text,
                                catch_exceptions=False)
    assert result.exit_code == 0, (result.output, result.stderr)
    return result.stdout
