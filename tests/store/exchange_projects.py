"""Building two coders' projects from the sample transcripts, for the merge and exchange tests.

Coder `ana` imports the transcripts as they are; coder `budi` imports the same texts under other
file names, in other encodings and line ends (UTF-16, UTF-8 with BOM and CRLF, Windows-1252).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from themecoder.io import read_document
from themecoder.io.codebook_files import read_codebook
from themecoder.store import Project

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "transcripts" / "sample"
CODEBOOK = REPO / "codebooks" / "digital-empowerment.yaml"
DOCS = ("P03-interview", "P07-interview", "P11-interview", "P22-interview")
BUDI_NAMES = {"P03-interview": "sari-2024-11-14", "P07-interview": "interview_07",
              "P11-interview": "P11 final", "P22-interview": "p22"}
BUDI_ENCODINGS = {"P03-interview": ("utf-16", "\n"), "P07-interview": ("utf-8-sig", "\r\n"),
                  "P11-interview": ("cp1252", "\n"), "P22-interview": ("utf-8", "\r\n")}


def sample_text(doc: str) -> str:
    return (SAMPLE / f"{doc}.txt").read_text(encoding="utf-8")


def coder_rows(coder_file: str, names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The sample codings of one coder (`a` or `b`), documents renamed by `names`."""
    rows = [json.loads(line) for line in (SAMPLE / f"codings-coder-{coder_file}.jsonl").open(encoding="utf-8")]
    for row in rows:
        row["doc"] = (names or {}).get(row["doc"], row["doc"])
    return rows


def write_transcripts(folder: Path, names: dict[str, str] | None = None,
                      encodings: dict[str, tuple[str, str]] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in DOCS:
        encoding, newline = (encodings or {}).get(doc, ("utf-8", "\n"))
        path = folder / f"{(names or {}).get(doc, doc)}.txt"
        path.write_bytes(sample_text(doc).replace("\n", newline).encode(encoding))
        paths.append(path)
    return paths


def build_project(path: Path, coder_file: str, *, names: dict[str, str] | None = None,
                  encodings: dict[str, tuple[str, str]] | None = None) -> Path:
    """A project with the codebook, the four coded transcripts (one case each) and one coder's codings."""
    files = write_transcripts(path.parent / f"{path.stem}-files", names, encodings)
    with Project(path) as project:
        project.import_codebook(read_codebook(CODEBOOK))
        parsed = []
        for file in files:
            for doc in read_document(file):
                doc.case = _case(file.stem, names)
                parsed.append(doc)
        project.add_documents(parsed)
        report = project.add_codings(coder_rows(coder_file, names), coder="x", source="test")
        assert not report.unplaced, report.unplaced
    return path


def _case(stem: str, names: dict[str, str] | None) -> str:
    original = {v: k for k, v in (names or {}).items()}.get(stem, stem)
    return original.split("-")[0]


def build_budi(path: Path) -> Path:
    return build_project(path, "b", names=BUDI_NAMES, encodings=BUDI_ENCODINGS)


def table_counts(path: Path) -> dict[str, int]:
    """Rows in every table of the project file (what a repeated merge must leave alone)."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def table_dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: a project file's whole content (but the full-text index
    and `sqlite_sequence`, where a coding found already present uses up an id)."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sentences_fts%' "
            "AND name != 'sqlite_sequence'")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def codings_of(path: Path, coder: str) -> list[tuple[str, str, int, int, str]]:
    """(document case, code, start, end, text) of a coder's codings, sorted."""
    with Project(path, create=False) as project:
        cases = {d.id: d.case for d in project.documents()}
        return sorted((cases[c.doc_id] or c.doc, c.code, c.start, c.end, c.text)
                      for c in project.codings(coder=coder))


def coders_projects(base_temp: Path) -> dict[str, Path]:
    """ana's and budi's projects, built once per test session under pytest's base temp folder
    (building takes seconds of spaCy); tests must work on copies."""
    base = base_temp / "exchange-coders"
    paths = {"ana": base / "ana.db", "budi": base / "budi.db"}
    if not (base / "built").exists():
        base.mkdir(parents=True, exist_ok=True)
        build_project(paths["ana"], "a")
        build_budi(paths["budi"])
        (base / "built").touch()
    return paths
