"""Benchmark a REFI-QDA round trip of a 300-document project, and a merge of two coders' projects.

Builds a deterministic synthetic project (fixed seed) in a temporary folder: 300 interviews of
~1,500 words with speaker turns, a two-level codebook of 30 codes, two coders with 40 codings per
document each (24,000 codings), a case per document with two attributes, and a memo per document.
Then times each step as the CLI runs it: `export qdpx` (bundle + write), reading the file back,
`import` into a new project (documents, sentences, codes, codings), a repeated import (all
duplicates), and merging the second coder's project into a copy holding only the first coder's.
Times are wall and CPU seconds on this machine; the sentence segmentation of new documents
(spaCy) is most of the import.

With `--study DB`, times instead `themecoder export qdpx` as a command on a copy of an existing
project (say the 2,000-transcript study of `scale_bench.py`): first a command that only opens it
(a file older than the codings' GUIDs is upgraded then, with a backup), then the first export
(which derives and stores the GUIDs of documents and coders) and a repeated one, with the size
of the file.

    python benchmarks/qdpx_bench.py [--docs 300] [--codings-per-doc 40] [--keep DIR]
    python benchmarks/qdpx_bench.py --study /tmp/scale-study.db
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.io.refi import read_qdpx, write_qdpx
from themecoder.store import Project

WORDS = ["data", "package", "phone", "shop", "sales", "customer", "price", "training", "niece",
         "post", "online", "order", "cake", "photo", "market", "cost", "night", "cheap", "learn",
         "group", "friend", "money", "time", "family", "business", "ibu", "warung", "batik"]
CODERS = ("ana", "budi")
CLI = "import sys; from themecoder.cli import main; sys.argv[0] = 'themecoder'; main()"


def make_text(rng: random.Random, words: int) -> tuple[str, list[Turn]]:
    """Alternating Interviewer/Participant turns of 2-6 sentences of 6-16 words."""
    parts, turns, pos, speaker = [], [], 0, "Interviewer"
    while words > 0:
        label = f"{speaker}: "
        body = " ".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + "."
            for _ in range(rng.randint(2, 6)))
        turns.append(Turn(pos + len(label), pos + len(label) + len(body), speaker))
        parts.append(label + body + "\n\n")
        pos += len(parts[-1])
        words -= len(body.split())
        speaker = "Participant" if speaker == "Interviewer" else "Interviewer"
    return "".join(parts).rstrip(), turns


def build(path: Path, n_docs: int, per_doc: int, seed: int = 11) -> None:
    """The synthetic project: documents, codebook, two coders' codings, cases and memos."""
    rng = random.Random(seed)
    codes = [c for t in range(6) for c in
             [CodeDef(f"theme-{t}")] + [CodeDef(f"theme-{t}/sub-{s}") for s in range(4)]]
    docs = []
    for k in range(n_docs):
        text, turns = make_text(rng, 1500)
        docs.append(ParsedDocument(f"P{k:03d}-interview", text, turns, "txt", case=f"P{k:03d}",
                                   attributes={"group": rng.choice("ABC"), "age": str(rng.randint(20, 70))}))
    with Project(path) as project:
        project.upsert_codes(codes)
        project.add_documents(docs)
        rows = []
        for doc in project.documents():
            for coder in CODERS:
                for _ in range(per_doc):
                    start = rng.randrange(0, len(doc.text) - 400)
                    rows.append({"doc": doc.id, "code": rng.choice(codes).path, "coder": coder,
                                 "start": start, "end": start + rng.randint(40, 400)})
            project.add_memo(f"memo on {doc.name}", coder="ana", target_kind="document",
                             target_id=doc.id, doc_id=doc.id)
        project.add_codings(rows, coder="ana", source="bench")


def timed(label: str, func: Callable[[], Any]) -> Any:
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<44} {wall:7.2f} s wall {cpu:7.2f} s CPU", flush=True)
    return result


def export_command(folder: Path, study: Path) -> None:
    """`themecoder export qdpx` on a copy of `study`, twice: wall and CPU seconds (children's)."""
    project = Path(shutil.copy(study, folder / "study.db"))
    project.chmod(0o600)
    export = ["export", "qdpx", "-o", str(folder / "study.qdpx")]
    for label, argv in (("open (upgrades an older file)", ["codebook", "list"]),
                        ("first export (stores document GUIDs)", export), ("repeated export", export)):
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run([sys.executable, "-c", CLI, "-p", str(project), *argv], check=True,
                       stdout=subprocess.DEVNULL)
        after, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter() - start
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        print(f"{label:<44} {wall:7.2f} s wall {cpu:7.2f} s CPU", flush=True)
    print(f"  study.qdpx: {(folder / 'study.qdpx').stat().st_size / 1e6:.1f} MB")


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def merge_file(target: Path, source: Any, label: str) -> Any:
    with Project(target) as project:
        return project.merge_bundle(source, source_label=label, coder="bench", backup=False)


def run(folder: Path, n_docs: int, per_doc: int) -> None:
    source, qdpx, fresh = folder / "source.db", folder / "source.qdpx", folder / "fresh.db"
    timed(f"build {n_docs} documents (not the benchmark)", lambda: build(source, n_docs, per_doc))
    print(f"project: {count(source, 'documents')} documents, {count(source, 'codings')} codings, "
          f"{count(source, 'memos')} memos, {count(source, 'cases')} cases")

    def export() -> None:
        with Project(source) as project:
            write_qdpx(project.export_bundle(), qdpx)

    timed("export qdpx (bundle + write)", export)
    print(f"  {qdpx.name}: {qdpx.stat().st_size / 1e6:.1f} MB")
    bundle = timed("read qdpx", lambda: read_qdpx(qdpx))
    report = timed("import qdpx into a new project", lambda: merge_file(fresh, bundle, qdpx.name))
    assert report.codings_added == count(source, "codings") and not report.unplaced, report.summary_lines()
    again = timed("import the same qdpx again (all duplicates)", lambda: merge_file(fresh, bundle, qdpx.name))
    assert not again.changed
    merge_coders(folder, source)


def merge_coders(folder: Path, source: Path) -> None:
    """budi's codings merged from his project file into a copy holding only ana's."""
    lead = Path(shutil.copy(source, folder / "lead.db"))
    conn = sqlite3.connect(lead)
    conn.execute("DELETE FROM codings WHERE coder = 'budi'")
    conn.commit()
    conn.close()
    bundle = timed("read a coder's project file (read-only)", lambda: Project.read_project_bundle(source))
    report = timed("merge it (documents matched by hash)", lambda: merge_file(lead, bundle, source.name))
    print(f"  {report.codings_added} codings added, {report.codings_duplicates} already there, "
          f"{len(report.documents_matched)} documents matched")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--codings-per-doc", type=int, default=40)
    parser.add_argument("--keep", type=Path, default=None, help="Build in this folder and keep it.")
    parser.add_argument("--study", type=Path, default=None,
                        help="Time `export qdpx` on a copy of this project instead.")
    args = parser.parse_args()
    if args.study:
        with tempfile.TemporaryDirectory() as folder:
            export_command(Path(folder), args.study)
        return
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args.keep, args.docs, args.codings_per_doc)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(Path(folder), args.docs, args.codings_per_doc)


if __name__ == "__main__":
    main()
