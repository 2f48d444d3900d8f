"""A bulk write killed with SIGKILL at any moment leaves a sound project holding all or none of it.

Real `themecoder` processes import a folder of transcripts, or a large codings file, into a copy of
a project and are killed: early (still starting), as soon as the write-ahead log starts to grow (the
transaction is being written), once it holds a few hundred KB, and right after the command reports.
The file must pass `PRAGMA integrity_check`, and its row counts must equal those before the command or
those after a complete run, never anything between.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.robustness.killing import Moment, Outcome, counts, integrity, kill_at, run_cli
from tests.robustness.studygen import coding_rows, write_jsonl, write_transcripts
from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.io import read_document
from themecoder.store import Project

MOMENTS = [Moment(after=0.05), Moment(wal_bytes=0), Moment(first_output=True)]
DOC_TABLES = ("documents", "segments", "cases")
CODING_TABLES = ("codings", "codes", "unplaced_codings", "coders")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with one document, one code and one coding: the state before every bulk write."""
    path = tmp_path_factory.mktemp("base") / "study.db"
    text = "Interviewer: Before we start, how are you?\nParticipant: Fine, thank you."
    with Project(path) as p:
        p.add_documents(
            [
                ParsedDocument(
                    "P00", text, [Turn(13, 42, "Interviewer"), Turn(56, 72, "Participant")], "txt"
                )
            ],
            case="P00",
        )
        p.upsert_codes([CodeDef("greeting")])
        p.add_coding("P00", "greeting", 56, 61, coder="ana")
    return path


def _copy(base: Path, folder: Path, name: str) -> Path:
    target = folder / f"{name}.db"
    shutil.copyfile(base, target)
    return target


def _assert_all_or_nothing(
    outcomes: dict[str, tuple[Outcome, tuple[int, ...], str]],
    before: tuple[int, ...],
    after: tuple[int, ...],
) -> None:
    assert after != before
    for moment, (outcome, found, check) in outcomes.items():
        assert check == "ok", f"killed {moment}: integrity_check says {check}"
        assert found in (before, after), f"killed {moment}: counts {found}, not {before} or {after}"
    mid_write = [m for m, (o, found, _) in outcomes.items() if o.killed and o.wal_at_kill > 0]
    assert mid_write, "no kill landed while the write-ahead log was being written"


def test_import_killed_at_any_moment_is_all_or_nothing(base: Path, tmp_path: Path) -> None:
    folder = tmp_path / "transcripts"
    write_transcripts(folder, 40, 900)
    args = ("import", str(folder), "--case-pattern", r"^(T\d\d)")
    before = counts(base, *DOC_TABLES)
    outcomes = {}
    for n, moment in enumerate(MOMENTS):
        project = _copy(base, tmp_path, f"run{n}")
        outcome = kill_at(project, moment, *args)
        outcomes[str(moment)] = (outcome, counts(project, *DOC_TABLES), integrity(project))
    complete = _copy(base, tmp_path, "complete")
    assert run_cli(complete, *args).returncode == 0
    after = counts(complete, *DOC_TABLES)
    assert after[0] == before[0] + 40
    _assert_all_or_nothing(outcomes, before, after)


def test_codings_import_killed_at_any_moment_is_all_or_nothing(base: Path, tmp_path: Path) -> None:
    study = _copy(base, tmp_path, "study")
    paths = write_transcripts(tmp_path / "transcripts", 40, 900, seed=3)
    with Project(study) as p:
        p.add_documents([doc for path in paths for doc in read_document(path)])
        texts = {d.name: d.text for d in p.documents()}
    rows = coding_rows(texts, 12_000, coders=("ana", "budi", "citra"))
    jsonl = tmp_path / "codings.jsonl"
    write_jsonl(jsonl, rows)
    before = counts(study, *CODING_TABLES)
    outcomes = {}
    for n, moment in enumerate(
        [Moment(wal_bytes=0), Moment(wal_bytes=400_000), Moment(first_output=True)]
    ):
        project = _copy(study, tmp_path, f"run{n}")
        outcome = kill_at(project, moment, "codings", "import", str(jsonl))
        outcomes[str(moment)] = (outcome, counts(project, *CODING_TABLES), integrity(project))
    complete = _copy(study, tmp_path, "complete")
    assert run_cli(complete, "codings", "import", str(jsonl)).returncode == 0
    after = counts(complete, *CODING_TABLES)
    assert after[0] > before[0] + 10_000
    _assert_all_or_nothing(outcomes, before, after)


def _study_with_codings(
    path: Path, folder: Path, seed: int, coders: tuple[str, ...], n: int
) -> None:
    paths = write_transcripts(folder, 20, 900, seed=seed)
    with Project(path) as p:
        p.add_documents([doc for file in paths for doc in read_document(file)])
        texts = {d.name: d.text for d in p.documents()}
        p.add_codings(
            coding_rows(texts, n, coders=coders, seed=seed), coder=coders[0], source="test"
        )


def test_merge_killed_at_any_moment_is_all_or_nothing(base: Path, tmp_path: Path) -> None:
    source = tmp_path / "colleague.db"
    _study_with_codings(source, tmp_path / "theirs", 5, ("budi", "citra"), 5000)
    tables = ("documents", "segments", "codings", "codes")
    before = counts(base, *tables)
    outcomes = {}
    for n, moment in enumerate([Moment(wal_bytes=0), Moment(first_output=True)]):
        project = _copy(base, tmp_path, f"run{n}")
        outcome = kill_at(project, moment, "merge", str(source))
        outcomes[str(moment)] = (outcome, counts(project, *tables), integrity(project))
    complete = _copy(base, tmp_path, "complete")
    assert run_cli(complete, "merge", str(source)).returncode == 0
    _assert_all_or_nothing(outcomes, before, counts(complete, *tables))


def test_accepting_agreed_codings_killed_is_all_or_nothing(tmp_path: Path) -> None:
    study = tmp_path / "study.db"
    _study_with_codings(study, tmp_path / "ours", 9, ("ana",), 5000)
    with Project(study) as p:  # budi agrees with every other coding of ana's
        rows = [
            {"doc": c.doc, "code": c.code, "start": c.start, "end": c.end} for c in p.codings()[::2]
        ]
        p.add_codings(rows, coder="budi", source="test")
    args = ("adjudicate", "--coders", "ana,budi", "--accept-agreed", "--coder", "lead")
    before = counts(study, "codings")
    outcomes = {}
    for n, moment in enumerate([Moment(wal_bytes=0), Moment(first_output=True)]):
        project = _copy(study, tmp_path, f"run{n}")
        outcome = kill_at(project, moment, *args)
        outcomes[str(moment)] = (outcome, counts(project, "codings"), integrity(project))
    complete = _copy(study, tmp_path, "complete")
    result = run_cli(complete, *args)
    assert result.returncode == 0, result.stderr
    _assert_all_or_nothing(outcomes, before, counts(complete, "codings"))
