"""Benchmark the agreement core: 200 documents x 3 coders x 20 codes at each unit.

Deterministic synthetic data (fixed seed): documents of ~6,000 characters cut into sentences of
~100 characters and turns of ~5 sentences; per document ~40 codings per coder, each coder
copying a shared set of "true" codings with jittered boundaries, dropping some and adding
their own. Times the core computation (`agreement_report`: unit matrices, all coefficients,
pooling, and alpha_U for `char`) per unit and prints a table. Target: char < 2 s.

With `--project`, the same study goes into a real project file (documents with text, spaCy
sentences, the synthetic turns, codings via `Project.add_codings`) and the full path is timed:
`Project.agreement` (reading the scope from SQLite, then the core) and `themecoder agree --format
json` as a user runs it, in process and as a new process.

With `--study FILE` (an existing project, e.g. the full-scale study of 2,000 transcripts and
200k codings), a copy of it is timed per unit: `themecoder agree --unit U --format json` as a
new process (wall and CPU seconds; target 5 s wall), and in process the CPU seconds of reading
the scope from SQLite and of the core computation.

    python benchmarks/agree_bench.py [--docs 200] [--repeat 3] [--project | --study FILE]
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np

from themecoder.core.agreement import agreement_report, build_unit_matrices, disagreements
from themecoder.core.model import Coding

CODERS = ["ana", "ben", "chen"]
CODES = [f"theme-{k:02d}" for k in range(20)]


def make_document(
    rng: np.random.Generator, doc_id: int
) -> tuple[int, list[tuple[int, int]], list[tuple[int, int]]]:
    """A document length, its sentences (~100 chars, one space apart) and turns (~5 sentences)."""
    widths = rng.integers(60, 140, size=60)
    starts = np.concatenate(([0], np.cumsum(widths + 1)[:-1]))
    sentences = [(int(s), int(s + w)) for s, w in zip(starts, widths, strict=True)]
    cuts = np.cumsum(rng.integers(3, 8, size=30))
    cuts = [0] + [int(c) for c in cuts if c < len(sentences)] + [len(sentences)]
    turns = [(sentences[a][0], sentences[b - 1][1]) for a, b in itertools.pairwise(cuts) if b > a]
    return sentences[-1][1], sentences, turns


def make_codings(
    rng: np.random.Generator, doc_id: int, length: int, sentences: list[tuple[int, int]]
) -> list[Coding]:
    """~40 codings per coder: shared codings (jittered, 80 % kept) plus each coder's own."""
    shared = []
    for _ in range(36):
        first = int(rng.integers(0, len(sentences)))
        last = min(len(sentences) - 1, first + int(rng.integers(0, 4)))
        shared.append((CODES[int(rng.integers(0, 20))], sentences[first][0], sentences[last][1]))
    codings = []
    for coder in CODERS:
        for code, start, end in shared:
            if rng.random() < 0.8:
                s = int(np.clip(start + rng.integers(-20, 21), 0, length - 1))
                e = int(np.clip(end + rng.integers(-20, 21), s + 1, length))
                codings.append(Coding(doc_id, code, coder, s, e))
        for _ in range(11):
            s = int(rng.integers(0, length - 200))
            codings.append(
                Coding(
                    doc_id,
                    CODES[int(rng.integers(0, 20))],
                    coder,
                    s,
                    s + int(rng.integers(20, 200)),
                )
            )
    return codings


def make_study(n_docs: int, seed: int = 20240501):
    rng = np.random.default_rng(seed)
    documents, sentences, turns, codings = [], {}, {}, []
    for doc_id in range(1, n_docs + 1):
        length, doc_sentences, doc_turns = make_document(rng, doc_id)
        documents.append((doc_id, length))
        sentences[doc_id], turns[doc_id] = doc_sentences, doc_turns
        codings += make_codings(rng, doc_id, length, doc_sentences)
    return documents, sentences, turns, codings


def best_of(repeat: int, run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--project", action="store_true",
                        help="time the full `agree` path through a real project file")
    parser.add_argument("--study", type=Path, default=None,
                        help="time `agree` on a copy of this existing project file")
    args = parser.parse_args()
    if args.study:
        bench_study(args.study, args.repeat)
        return
    documents, sentences, turns, codings = make_study(args.docs)
    if args.project:
        bench_project(documents, sentences, turns, codings, args.repeat)
        return
    chars = sum(length for _, length in documents)
    print(
        f"{len(documents)} documents, {chars:,} characters, {len(codings):,} codings, "
        f"{len(CODERS)} coders, {len(CODES)} codes (best of {args.repeat})\n"
    )
    print(
        f"{'unit':<10}{'n_units':>10}{'matrices s':>12}{'report s':>10}{'pooled Fleiss':>14}"
        f"{'pooled alpha':>14}{'alpha_U':>9}"
    )
    segments = {"sentence": sentences, "turn": turns}
    for unit in ("char", "sentence", "turn", "document"):
        seg = segments.get(unit)
        build, _ = best_of(
            args.repeat, partial(build_unit_matrices, documents, codings, CODERS, CODES, unit, seg)
        )
        total, report = best_of(
            args.repeat, partial(agreement_report, documents, codings, CODERS, CODES, unit, seg)
        )
        overall = report.overall
        alpha_u = overall.alpha_u
        print(
            f"{unit:<10}{report.overall.n_units:>10,}{build:>12.3f}{total:>10.3f}"
            f"{_fmt(overall.fleiss_kappa):>14}{_fmt(overall.krippendorff_alpha):>14}{_fmt(alpha_u):>9}"
        )
    two = [c for c in codings if c.coder in CODERS[:2]]
    took, regions = best_of(
        args.repeat, lambda: [disagreements(two, CODERS[:2], code) for code in CODES]
    )
    print(
        f"\ndisagreements (2 coders, all 20 codes): {sum(map(len, regions)):,} regions in {took:.3f} s"
    )


WORDS = ("coffee", "market", "phone", "photo", "order", "family", "training", "price", "sell",
         "learn", "customer", "post", "group", "daughter", "night", "money", "village", "shop")


def document_text(sentences: list[tuple[int, int]]) -> str:
    """Words filling each synthetic sentence exactly, a period at its end, spaces between."""
    rng = np.random.default_rng(len(sentences))
    parts = []
    for start, end in sentences:
        words = " ".join(WORDS[int(i)] for i in rng.integers(0, len(WORDS), size=40))
        parts.append((words[: end - start - 1].rstrip() + ".").ljust(end - start, "."))
    return " ".join(parts)


def build_project(path: Path, documents, sentences, turns, codings) -> None:  # type: ignore[no-untyped-def]
    from themecoder.core.model import ParsedDocument, Turn
    from themecoder.store import Project

    with Project(path) as project:
        parsed = []
        for doc_id, length in documents:
            text = document_text(sentences[doc_id])
            assert len(text) == length
            parsed.append(ParsedDocument(f"doc-{doc_id:03d}", text,
                                         [Turn(s, e) for s, e in turns[doc_id]], "txt"))
        project.add_documents(parsed)
        names = {d.id: d.name for d in project.documents()}
        rows = [{"doc": names[c.doc_id], "code": c.code, "coder": c.coder, "start": c.start,
                 "end": c.end} for c in codings]
        project.add_codings(rows, coder="ana", source="bench")


def bench_project(documents, sentences, turns, codings, repeat: int) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory(prefix="agree-bench-") as folder:
        path = Path(folder) / "bench.db"
        started = time.perf_counter()
        build_project(path, documents, sentences, turns, codings)
        print(f"project file: {len(documents)} documents, {len(codings):,} codings, "
              f"{path.stat().st_size / 1e6:.1f} MB, built in {time.perf_counter() - started:.1f} s "
              f"(best of {repeat})\n")
        print(f"{'unit':<10}{'n_units':>10}{'Project.agreement s':>21}{'CLI in-process s':>18}"
              f"{'CLI new process s':>19}")
        for unit in ("char", "sentence", "turn", "document"):
            time_unit(path, unit, repeat)


def time_unit(path: Path, unit: str, repeat: int) -> None:
    """One line of the table: the library call, the CLI in this process, the CLI as a new process."""
    from click.testing import CliRunner

    from themecoder.cli import cli
    from themecoder.store import Project

    def in_library():  # type: ignore[no-untyped-def]
        with Project(path) as project:
            return project.agreement(unit=unit)

    took, result = best_of(repeat, in_library)
    command = ["-p", str(path), "agree", "--unit", unit, "--format", "json"]
    cli_took, _ = best_of(repeat, partial(CliRunner().invoke, cli, command))
    process = [sys.executable, "-c", "from themecoder.cli import main; main()", *command]
    process_took, _ = best_of(repeat, partial(subprocess.run, process, check=True,
                                              capture_output=True))
    print(f"{unit:<10}{result.report.overall.n_units:>10,}{took:>21.3f}{cli_took:>18.3f}"
          f"{process_took:>19.3f}")


def bench_study(study: Path, repeat: int) -> None:
    """Per unit: the CLI as a new process (wall, CPU) and, in process, scope and core CPU."""
    with tempfile.TemporaryDirectory(prefix="agree-study-") as folder:
        path = Path(folder) / "study.db"
        shutil.copyfile(study, path)
        print(f"{study} ({path.stat().st_size / 1e6:.0f} MB), best of {repeat}; target 5 s wall\n")
        print(f"{'unit':<10}{'n_units':>11}{'CLI wall s':>12}{'CLI CPU s':>11}"
              f"{'scope CPU s':>13}{'core CPU s':>12}")
        for unit in ("char", "sentence", "turn", "document"):
            wall, cpu = cli_process_times(path, unit, repeat)
            scope_cpu, core_cpu, n_units = in_process_cpu(path, unit, repeat)
            print(f"{unit:<10}{n_units:>11,}{wall:>12.2f}{cpu:>11.2f}{scope_cpu:>13.2f}"
                  f"{core_cpu:>12.2f}")


def cli_process_times(path: Path, unit: str, repeat: int) -> tuple[float, float]:
    """Best wall and CPU (user + system) seconds of `themecoder agree` as a new process."""
    command = [sys.executable, "-c", "from themecoder.cli import main; main()", "-p", str(path),
               "agree", "--unit", unit, "--format", "json", "-o", os.devnull]
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def in_process_cpu(path: Path, unit: str, repeat: int) -> tuple[float, float, int]:
    """Best CPU seconds of `Project.agreement_scope` and of `agreement_report` on its scope."""
    from themecoder.store import Project

    scope_times, core_times, n_units = [], [], 0
    with Project(path) as project:
        for _ in range(repeat):
            started = time.process_time()
            scope = project.agreement_scope(unit=unit)
            scope_times.append(time.process_time() - started)
            started = time.process_time()
            report = agreement_report(scope.documents, scope.table, scope.coders, scope.codes,
                                      unit, scope.segment_table)
            core_times.append(time.process_time() - started)
            n_units = report.overall.n_units
    return min(scope_times), min(core_times), n_units


def _fmt(value: float | None) -> str:
    return "null" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    main()
