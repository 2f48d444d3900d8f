"""Benchmark the exports on a project with 100,000 codings.

Builds a deterministic synthetic project (fixed seed) in a temporary folder: 200 documents of
~1,500 words with speaker turns, a two-level codebook of 30 codes, three coders, and 100,000
codings stored through `Project.add_codings` in one transaction. Then times, per format, the whole
export's steps as the CLI runs them: query + compute once, then the write per format, next to
pandas writing the same frame (the ratio is ours / pandas). Times are CPU seconds of this process
(wall time on an idle machine is within a few percent). Target: every export < 5 s.

    python benchmarks/export_bench.py [--codings 100000] [--docs 200] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.io.export_codings import (
    CODING_EXPORT_COLUMNS,
    coding_export_columns,
    coding_export_pieces,
    coding_export_rows,
)
from themecoder.io.exporters import write_pieces, write_rows
from themecoder.io.xlsx_writer import write_xlsx_columns
from themecoder.store import Project

WORDS = ["data", "package", "phone", "shop", "sales", "customer", "price", "training", "niece",
         "post", "online", "order", "cake", "photo", "market", "cost", "night", "cheap", "learn",
         "group", "friend", "money", "time", "family", "business"]
CODERS = ["ana", "ben", "consensus"]


def make_text(rng: random.Random, words: int) -> tuple[str, list[Turn]]:
    """Alternating Interviewer/Participant turns of 2-6 sentences of 6-16 words."""
    parts, turns, pos, speaker = [], [], 0, "Interviewer"
    while words > 0:
        label = f"{speaker}: "
        body = " ".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + "."
            for _ in range(rng.randint(2, 6)))
        turns.append(Turn(pos + len(label), pos + len(label) + len(body), speaker))
        parts.append(label + body + "\n")
        pos += len(parts[-1])
        words -= len(body.split())
        speaker = "Participant" if speaker == "Interviewer" else "Interviewer"
    return "".join(parts), turns


def build(path: Path, n_docs: int, n_codings: int, seed: int = 7) -> tuple[float, float]:
    """The synthetic project; returns (seconds to import documents, seconds to add codings)."""
    rng = random.Random(seed)
    codebook = [c for t in range(6) for c in
                [CodeDef(f"theme-{t}")] + [CodeDef(f"theme-{t}/sub-{s}") for s in range(4)]]
    docs = []
    for k in range(n_docs):
        text, turns = make_text(rng, 1500)
        docs.append(ParsedDocument(f"P{k:03d}-interview", text, turns, "txt", case=f"P{k:03d}",
                                   attributes={"group": rng.choice("ABC"), "age": str(rng.randint(20, 70))}))
    with Project(path) as project:
        project.upsert_codes(codebook)
        t0 = time.perf_counter()
        project.add_documents(docs)
        t1 = time.perf_counter()
        project.add_codings(_codings(rng, docs, codebook, n_codings), coder="ana", source="bench")
        t2 = time.perf_counter()
    return t1 - t0, t2 - t1


def _codings(rng: random.Random, docs: list[ParsedDocument], codebook: list[CodeDef],
             n: int) -> list[dict[str, Any]]:
    rows = []
    for _ in range(n):
        doc = rng.randrange(len(docs))
        length = len(docs[doc].text)
        start = rng.randrange(0, length - 400)
        rows.append({"doc": docs[doc].name, "code": rng.choice(codebook).path, "coder": rng.choice(CODERS),
                     "start": start, "end": start + rng.randint(20, 400), "memo": ""})
    return rows


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result): CPU seconds of this process, steadier than wall time on a busy machine."""
    t0 = time.process_time()
    result = func()
    return time.process_time() - t0, result


Result = tuple[str, int, float, float | None]


def run(path: Path, out: Path) -> list[Result]:
    """(step, rows, our CPU seconds, pandas' CPU seconds writing the same frame or None)."""
    results: list[Result] = []
    with Project(path) as project:
        for measure in ("count", "words"):
            seconds, table = timed(lambda m=measure: project.frequency_table(by="document", measure=m))
            results.append((f"frequencies --measure {measure} (query + compute)", len(table.keys),
                            seconds, None))
        results += _writes("frequencies", table.wide_rows(), table.columns, out,
                           ("csv", "json", "md", "xlsx", "sav", "parquet"))
        seconds, _ = timed(lambda: project.frequency_table(by="attribute:group", measure="per1000"))
        results.append(("frequencies --by attribute:group per1000", 3, seconds, None))
        seconds, matrix = timed(lambda: project.cooccurrence_matrix(unit="sentence")[0])
        results.append(("cooccurrence --unit sentence (query + compute)", len(matrix.codes), seconds, None))
        results += _writes("cooccurrence", matrix.rows(), ["code", *matrix.codes], out, ("csv", "xlsx"))
        seconds, rows = timed(lambda: _codings_rows(project))
        results.append(("codings as dicts: query + order + context", len(rows), seconds, None))
        results += _codings_exports(project, rows, out)
        quant = [{"participant": f"P{k:03d}", "score": str(k % 7)} for k in range(0, 400, 2)]
        for exemplars in (False, True):
            seconds, _ = timed(lambda e=exemplars: project.joint_display(quant, "participant", exemplars=e))
            results.append((f"triangulate ({'md/table, with exemplars' if exemplars else 'csv'})",
                            len(project.code_paths()), seconds, None))
    return results


def _codings_rows(project: Project) -> list[dict[str, Any]]:
    codings, _ = project.analysed_codings()
    texts = {d.id: d.text for d in project.documents()}
    return coding_export_rows(codings, texts)


def _codings_exports(project: Project, rows: list[dict[str, Any]], out: Path) -> list[Result]:
    """`export codings` as the CLI runs it (query, contexts and writing streamed), per format,
    against pandas writing the frame of the same rows (its query and contexts not counted)."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=CODING_EXPORT_COLUMNS)
    pandas_writers: dict[str, Callable[[], Any]] = {
        "jsonl": lambda: frame.to_json(out / "pd.jsonl", orient="records", lines=True, force_ascii=False),
        "csv": lambda: frame.to_csv(out / "pd.csv", index=False),
        "json": lambda: frame.to_json(out / "pd.json", orient="records", force_ascii=False),
        "xlsx": lambda: frame.to_excel(out / "pd.xlsx", index=False),
    }
    results: list[Result] = []
    for fmt, pandas_write in pandas_writers.items():
        ours, _ = timed(lambda f=fmt: _export_codings(project, f, out / f"codings.{f}"))
        theirs, _ = timed(pandas_write)
        results.append((f"  export codings {fmt} (all steps)", len(rows), ours, theirs))
    return results


def _export_codings(project: Project, fmt: str, path: Path) -> None:
    documents = project.codings_by_document()
    if fmt == "xlsx":
        blocks = list(coding_export_columns(documents))
        count = sum(len(block[0]) for block in blocks)
        write_xlsx_columns(path, CODING_EXPORT_COLUMNS, blocks, count, "codings")
    else:
        write_pieces(coding_export_pieces(documents, fmt), path)


def _writes(what: str, rows: list[dict[str, Any]], columns: list[str], out: Path,
            formats: tuple[str, ...]) -> list[Result]:
    """Our writer against pandas writing the same frame, per format."""
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(rows, columns=columns)
    pandas_writers: dict[str, Callable[[], Any]] = {
        "csv": lambda: frame.to_csv(out / "pd.csv", index=False),
        "json": lambda: frame.to_json(out / "pd.json", orient="records", force_ascii=False),
        "jsonl": lambda: frame.to_json(out / "pd.jsonl", orient="records", lines=True, force_ascii=False),
        "md": lambda: (out / "pd.md").write_text(frame.to_markdown(index=False)),
        "xlsx": lambda: frame.to_excel(out / "pd.xlsx", index=False),
        "sav": lambda: pyreadstat.write_sav(
            frame.rename(columns=lambda c: c.replace("/", "_").replace("-", "_")), str(out / "pd.sav")),
        "parquet": lambda: frame.to_parquet(out / "pd.parquet", index=False),
    }
    results: list[Result] = []
    for fmt in formats:
        ours, _ = timed(lambda f=fmt: write_rows(rows, columns, f, out / f"{what}.{f}"))
        theirs, _ = timed(pandas_writers[fmt])
        results.append((f"  write {what} {fmt}", len(rows), ours, theirs))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--keep", type=Path, default=None, help="Build and write here (kept).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "export-bench.db"
        path.unlink(missing_ok=True)
        import_s, codings_s = build(path, args.docs, args.codings)
        print(f"project: {args.docs} documents ({import_s:.1f} s), {args.codings:,} codings via "
              f"add_codings ({codings_s:.1f} s)")
        rows = run(path, folder)
    print(f"{'step (CPU seconds)':<48} {'rows':>7} {'ours s':>7} {'pandas s':>9} {'ratio':>6}")
    for name, n, ours, theirs in rows:
        ratio = f"{ours / theirs:6.2f}" if theirs else "     –"
        theirs_s = f"{theirs:9.2f}" if theirs is not None else "        –"
        print(f"{name:<48} {n:>7} {ours:7.2f} {theirs_s} {ratio}")
    print("an export's time is its query + compute step plus its write step; target < 5 s each")


if __name__ == "__main__":
    main()
