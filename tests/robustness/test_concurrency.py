"""Several coders' processes writing one project file at once lose no write and never see a lock error.

Real processes start together (they wait for a 'go' file): coders adding codings one transaction at a
time (some keeping the project open as the TUI does, some opening it for every write as each CLI
command does), `themecoder code` commands, a bulk `codings import`, a backup, and readers listing
documents and codings meanwhile.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.robustness.killing import CLI, child_env, counts, integrity
from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.store import Project

CODES = ["barriers/signal", "barriers/skills", "outcomes/sales", "outcomes/pride"]
LINE = "Participant: We sold batik online and the orders kept coming every week. "
TEXT = LINE * 60
PER_WRITER = 40

WRITER = """
import json, sys, time
from pathlib import Path
from themecoder.store import Project
path, coder, n, go, reopen = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]), sys.argv[5] == "1"
codes, step = json.loads(sys.argv[6]), int(sys.argv[7])
while not go.exists():
    time.sleep(0.005)
ids, project = [], Project(path, create=False)
for i in range(n):
    if reopen:
        project.close()
        project = Project(path, create=False)
    start = 13 + step * (i % 60)
    ids.append(project.add_coding(1 + i % 2, codes[i % len(codes)], start, start + 5 + i // 60, coder=coder))
project.close()
print(json.dumps(ids))
"""

READER = """
import sys, time
from pathlib import Path
from themecoder.store import Project
path, go, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
while not go.exists():
    time.sleep(0.005)
reads = 0
while not stop.exists() or reads < 3:
    with Project(path, create=False) as p:
        p.codings()
        p.document_summaries()
    reads += 1
print(reads)
"""


@pytest.fixture
def study(tmp_path: Path) -> Path:
    path = tmp_path / "study.db"
    with Project(path) as p:
        turns = [
            Turn(i * len(LINE) + 13, (i + 1) * len(LINE) - 1, "Participant") for i in range(60)
        ]
        p.add_documents([ParsedDocument(f"P0{n}", TEXT + f"P0{n}", turns, "txt") for n in (1, 2)])
        p.upsert_codes([CodeDef(c) for c in CODES])
    return path


def _spawn(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args],
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
    )


def _bulk_rows(path: Path, n: int) -> None:
    with path.open("w") as fh:
        for i in range(n):
            start = 13 + len(LINE) * (i % 60)
            fh.write(
                json.dumps(
                    {
                        "doc": "P02",
                        "code": CODES[i % 4],
                        "start": start,
                        "end": start + 8 + i // 60,
                        "coder": "bulk",
                    }
                )
                + "\n"
            )


def test_many_coders_at_once_lose_nothing(study: Path, tmp_path: Path) -> None:
    go, stop = tmp_path / "go", tmp_path / "stop"
    writers = [
        _spawn(
            [
                "-c",
                WRITER,
                str(study),
                f"coder{n}",
                str(PER_WRITER),
                str(go),
                str(n % 2),
                json.dumps(CODES),
                str(len(LINE)),
            ]
        )
        for n in range(5)
    ]
    readers = [_spawn(["-c", READER, str(study), str(go), str(stop)])]
    bulk = tmp_path / "bulk.jsonl"
    _bulk_rows(bulk, 1500)
    cli = [
        _spawn(
            [
                "-c",
                CLI,
                "-p",
                str(study),
                "--coder",
                "cli",
                "code",
                "P01",
                CODES[n],
                "--start",
                str(13 + n),
                "--end",
                str(30 + n),
            ]
        )
        for n in range(2)
    ]
    cli.append(_spawn(["-c", CLI, "-p", str(study), "codings", "import", str(bulk)]))
    cli.append(_spawn(["-c", CLI, "-p", str(study), "backup", "-o", str(tmp_path / "mid.db")]))
    cli.append(_spawn(["-c", CLI, "-p", str(study), "codings", "--format", "json"]))
    time.sleep(0.3)
    go.touch()
    results = [(p, *p.communicate(timeout=240)) for p in writers + cli]
    stop.touch()
    results += [(p, *p.communicate(timeout=60)) for p in readers]
    for proc, out, err in results:
        assert "locked" not in err and "busy" not in err, err
        assert proc.returncode == 0, err
    written = [i for _, out, _ in results[: len(writers)] for i in json.loads(out)]
    assert len(set(written)) == 5 * PER_WRITER
    with Project(study) as p:
        stored = {c.id for c in p.codings()}
        assert set(written) <= stored
        assert len(p.codings(coder="bulk")) == 1500 and len(p.codings(coder="cli")) == 2
    assert counts(study, "codings") == (5 * PER_WRITER + 1500 + 2,)
    assert integrity(study) == "ok" and integrity(tmp_path / "mid.db") == "ok"


def test_first_open_of_a_new_project_by_many_processes(tmp_path: Path) -> None:
    """Five processes creating the same new project at once: one schema, no errors."""
    path = tmp_path / "fresh.db"
    code = (
        "import sys; from themecoder.store import Project; "
        "p = Project(sys.argv[1]); p.upsert_codes([]); print(p.schema_version); p.close()"
    )
    procs = [_spawn(["-c", code, str(path)]) for _ in range(5)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and "locked" not in err, err
    with Project(path) as p:
        migrations = [r[0] for r in p.db.execute("SELECT name FROM _migrations")]
        assert len(migrations) == len(set(migrations)) == p.schema_version


SEARCHER = """
import sys, time
from pathlib import Path
from themecoder.store import Project
path, go = sys.argv[1], Path(sys.argv[2])
with Project(path, create=False) as p:
    while not go.exists():
        time.sleep(0.002)
    print(len(p.search_sentences("orders", fuzzy=False)))
"""


def test_first_searches_at_once_index_each_sentence_once(tmp_path: Path) -> None:
    """The search index is filled lazily by the first search; two first searches must not collide."""
    path = tmp_path / "s.db"
    with Project(path) as p:
        turns = [
            Turn(i * len(LINE) + 13, (i + 1) * len(LINE) - 1, "Participant") for i in range(60)
        ]
        p.add_documents(
            [ParsedDocument(f"D{n:03d}", TEXT + f"D{n}", turns, "txt") for n in range(150)]
        )
    go = tmp_path / "go"
    procs = [_spawn(["-c", SEARCHER, str(path), str(go)]) for _ in range(4)]
    time.sleep(1.0)
    go.touch()
    outputs = [proc.communicate(timeout=120) for proc in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    assert {out.strip() for out, _ in outputs} == {"200"}
    with Project(path) as p:
        assert p.db.execute("SELECT count(*) FROM sentences_fts").fetchone()[0] == 150 * 60
