"""The bundled sample study: building its project from transcripts/sample and codebooks/."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from themecoder.core.errors import InputError

SURVEY_FILE = "survey-open-ended.csv"
PARTICIPANTS_FILE = "participants.csv"
CODINGS_FILES = ("codings-coder-a.jsonl", "codings-coder-b.jsonl")
CASE_PATTERN = r"^(P\d+)"
TABLES = {SURVEY_FILE, PARTICIPANTS_FILE, "README.md"}


def sample_root() -> Path:
    """Where the sample material lives: inside the installed package, else the source checkout."""
    here = Path(__file__).resolve().parent
    for root in (here / "_sample", here.parents[1]):
        if (root / "transcripts" / "sample").is_dir() and (root / "codebooks").is_dir():
            return root
    raise InputError("sample study: transcripts/sample not found in the package or the checkout")


def default_demo_dir() -> Path:
    """A fresh folder under the user data dir (or $THEMECODER_HOME)."""
    from platformdirs import user_data_dir

    base = Path(os.environ.get("THEMECODER_HOME") or user_data_dir("themecoder"))
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return base / "demo" / stamp


def build_demo(directory: Path) -> Path:
    """Build the sample project in `directory`; returns the project file. Existing files are reused."""
    from themecoder.io import iter_import_files, read_document
    from themecoder.io.codebook_files import read_codebook
    from themecoder.io.codings_file import read_codings_file
    from themecoder.io.tables import read_table_rows
    from themecoder.store import Project

    root = sample_root()
    samples = root / "transcripts" / "sample"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "sample-study.db"
    with Project(path) as project:
        codebook = read_codebook(root / "codebooks" / "digital-empowerment.yaml")
        project.import_codebook(codebook)
        files, _ = iter_import_files([samples])
        parsed = []
        for file in files:
            if file.name in TABLES or file.suffix in (".jsonl", ".csv"):
                continue
            for doc in read_document(file):
                doc.case = _case_of(file.stem)
                parsed.append(doc)
        project.add_documents(parsed)
        survey = read_document(samples / SURVEY_FILE, text_column="q_biggest_change",
                               case_column="participant_id", attr_columns=["cohort"])
        project.add_documents(survey, kind="survey")
        participants = read_table_rows(samples / PARTICIPANTS_FILE)
        project.set_case_attributes(
            {r["participant_id"]: {k: v for k, v in r.items() if k != "participant_id"} for r in participants})
        for name in CODINGS_FILES:
            if (samples / name).exists():
                project.add_codings(read_codings_file(samples / name), coder="sample",
                                    source=f"sample:{name}")
    return path


def _case_of(stem: str) -> str | None:
    import re

    match = re.match(CASE_PATTERN, stem)
    return match.group(1) if match else None
