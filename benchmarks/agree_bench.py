"""Benchmark the agreement core: 200 documents x 3 coders x 20 codes at each unit.

Deterministic synthetic data (fixed seed): documents of ~6,000 characters cut into sentences of
~100 characters and turns of ~5 sentences; per document ~40 codings per coder, each coder
copying a shared set of "true" codings with jittered boundaries, dropping some and adding
their own. Times the core computation (`agreement_report`: unit matrices, all coefficients,
pooling, and alpha_U for `char`) per unit and prints a table. Target: char < 2 s.

    python benchmarks/agree_bench.py [--docs 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import itertools
import time
from functools import partial

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
    args = parser.parse_args()
    documents, sentences, turns, codings = make_study(args.docs)
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


def _fmt(value: float | None) -> str:
    return "null" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    main()
