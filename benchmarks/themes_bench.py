"""Benchmark theme and code suggestions against human labels, in one run.

Prints:
1. NHS patient comments (../shared/realdata/coded/nhs-pxtextmining/text_data.csv, 10,302
   non-empty answers, gold `label`, 9 classes), one segment per answer, k=9: NMI and ARI of
   each method, and the ratio to TF-IDF + k-means on the same segments (target >= 2.5x).
2. The sample study's gold sentences (transcripts/sample/gold-sentences.jsonl, gold `theme`,
   k = number of themes), the same figures; skipped with a message when the file is absent.
3. Label quality of the default's themes on NHS: NPMI coherence (segment co-occurrence) of the
   top-10 c-TF-IDF words and topic diversity, next to the same labels on TF-IDF + k-means.
4. Time of `suggest_themes` (default method, k=9) at 1k / 10k / 50k segments (50k: the NHS
   answers, then the `FFT answer` texts of v6framework_230831.csv, repeated as needed).
5. Code suggestions: top-1 accuracy on unseen answers/documents. NHS: `label` as codes, 20
   training examples per code, the rest predicted (5 splits). Gold set: split by document.
   Next to TF-IDF + logistic regression trained on the same codings.

With `--study PROJECT` it only times `themecoder suggest themes --unit turn --scope uncoded
--k 20 --seed 1 --all-speakers --format json` on a copy of that project (e.g. the study benchmarks/scale_bench.py
generates: about 50k uncoded turns), as its own process: wall and CPU seconds, peak memory. With
`--reference JSON` (an earlier run's output) it also checks that the themes, members, labels and
figures are the same (everything but the run number).

    python benchmarks/themes_bench.py [--seed 0] [--no-50k]
    python benchmarks/themes_bench.py --study study.db [--reference themes.json] [--keep out.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from themecoder.core.errors import InputError
from themecoder.core.themes import CodeSuggester, Embedder, suggest_themes
from themecoder.core.themes.labels import theme_keywords
from themecoder.core.themes.quality import ari, nmi, npmi_coherence, topic_diversity
from themecoder.core.themes.terms import NEGATIONS, content_terms

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("THEMECODER_SHARED", REPO.parent / "shared"))
NHS = SHARED / "realdata" / "coded" / "nhs-pxtextmining"
GOLD = REPO / "transcripts" / "sample" / "gold-sentences.jsonl"
METHODS = ["wordllama+lsa", "wordllama", "lsa"]


def read_nhs() -> tuple[list[str], list[str]]:
    """Non-empty `feedback` answers and their `label`."""
    with open(NHS / "text_data.csv", newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["feedback"].strip()]
    return [r["feedback"] for r in rows], [r["label"] for r in rows]


def read_fft_answers() -> list[str]:
    """The `FFT answer` texts of the v6 framework file (for the 50k timing)."""
    with open(NHS / "v6framework_230831.csv", newline="", encoding="utf-8-sig") as handle:
        return [r["FFT answer"] for r in csv.DictReader(handle) if r.get("FFT answer", "").strip()]


def read_gold() -> list[dict[str, str]] | None:
    if not GOLD.is_file():
        return None
    with open(GOLD, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def tfidf_kmeans(
    texts: list[str], k: int, seed: int, stop_words: str | None = "english"
) -> np.ndarray:
    """The reference: TF-IDF (scikit-learn defaults, English stop words) + k-means."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words=stop_words).fit_transform(texts)
    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(matrix)


def timed(fn: Callable[[], object]) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def clustering_table(name: str, texts: list[str], gold: list[str], seed: int) -> None:
    k = len(set(gold))
    print(f"\n## {name}: {len(texts):,} segments, k={k} (gold classes)")
    base = tfidf_kmeans(texts, k, seed)
    base_nmi = nmi(gold, base)
    print(f"{'method':34s} {'NMI':>6s} {'ARI':>6s} {'ratio':>6s} {'wall s':>7s} {'cpu s':>7s}")
    print(f"{'TF-IDF (stop words) + k-means':34s} {base_nmi:6.3f} {ari(gold, base):6.3f} {1:6.2f}")
    plain = tfidf_kmeans(texts, k, seed, stop_words=None)
    print(
        f"{'TF-IDF (no stop list) + k-means':34s} {nmi(gold, plain):6.3f} {ari(gold, plain):6.3f} "
        f"{nmi(gold, plain) / base_nmi:6.2f}"
    )
    for method in METHODS:
        result, wall, cpu = timed(lambda m=method: suggest_themes(texts, k, seed=seed, method=m))
        got = result.assignment  # type: ignore[attr-defined]
        print(
            f"{method + ' + k-means (ours)':34s} {nmi(gold, got):6.3f} {ari(gold, got):6.3f} "
            f"{nmi(gold, got) / base_nmi:6.2f} {wall:7.1f} {cpu:7.1f}"
        )


def seed_spread(texts: list[str], gold: list[str], seeds: range) -> None:
    k = len(set(gold))
    ours = [nmi(gold, suggest_themes(texts, k, seed=s).assignment) for s in seeds]
    base = [nmi(gold, tfidf_kmeans(texts, k, s)) for s in seeds]
    print(
        f"over seeds {list(seeds)}: default NMI {np.mean(ours):.3f} (min {min(ours):.3f}), "
        f"TF-IDF {np.mean(base):.3f} (max {max(base):.3f}); worst-case ratio "
        f"{min(ours) / max(base):.2f}"
    )


def label_quality(texts: list[str], seed: int, k: int = 9) -> None:
    print(f"\n## Label quality on NHS (k={k}, top-10 c-TF-IDF words)")
    documents = content_terms(texts, keep=NEGATIONS)
    ours = suggest_themes(texts, k, seed=seed)
    rows = [("default themes", [t.keywords for t in ours.themes])]
    base = tfidf_kmeans(texts, k, seed)
    rows.append(("TF-IDF + k-means clusters", theme_keywords(texts, base, k)))
    for name, keywords in rows:
        coherence = npmi_coherence(keywords, documents)
        print(
            f"{name:28s} NPMI {np.nanmean(coherence):6.3f}  "
            f"diversity {topic_diversity(keywords):.2f}"
        )
    for theme in ours.themes:
        print(f"  {theme.size:5d}  {theme.label:36s} | {texts[theme.representative][:60]!r}")


def timings(nhs_texts: list[str], seed: int, with_50k: bool) -> None:
    print("\n## Time of suggest_themes (default method, k=9), one process, 2 cores")
    pool = nhs_texts + (read_fft_answers() if with_50k else [])
    sizes = [1_000, 10_000] + ([50_000] if with_50k else [])
    for n in sizes:
        texts = (pool * (n // len(pool) + 1))[:n]
        _, wall, cpu = timed(lambda t=texts: suggest_themes(t, 9, seed=seed))
        print(f"{n:>7,} segments: wall {wall:6.1f} s, cpu {cpu:6.1f} s")
    _, wall, cpu = timed(lambda: suggest_themes(nhs_texts, "auto", seed=seed))
    print(f"k=auto on {len(nhs_texts):,}: wall {wall:6.1f} s, cpu {cpu:6.1f} s")


def tfidf_logreg_accuracy(train: list[tuple[str, str]], test: list[tuple[str, str]]) -> float:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer().fit([t for t, _ in train])
    model = LogisticRegression(max_iter=2000).fit(
        vectorizer.transform([t for t, _ in train]), [c for _, c in train]
    )
    predicted = model.predict(vectorizer.transform([t for t, _ in test]))
    return float(np.mean([p == c for p, (_, c) in zip(predicted, test, strict=True)]))


def suggester_figures(
    train: list[tuple[str, str]], test: list[tuple[str, str]], seed: int
) -> dict[str, float]:
    texts = [t for t, _ in test]
    suggester = CodeSuggester(seed=seed).fit(train, corpus=texts)
    scores = suggester.scores(texts)
    gold = [c for _, c in test]
    top = [suggester.codes[i] for i in scores.argmax(axis=1)]
    kept = [s for s in suggester.predict(texts) if not s.abstained]
    kept_right = [
        s.code == g for s, g in zip(suggester.predict(texts), gold, strict=True) if not s.abstained
    ]
    return {
        "ours": float(np.mean([p == g for p, g in zip(top, gold, strict=True)])),
        "tfidf_lr": tfidf_logreg_accuracy(train, test),
        "abstain": 1 - len(kept) / len(texts),
        "kept_acc": float(np.mean(kept_right) if kept_right else np.nan),
        "ece": expected_calibration_error(scores, gold, suggester.codes),
    }


def expected_calibration_error(scores: np.ndarray, gold: list[str], codes: list[str]) -> float:
    confidence = scores.max(axis=1)
    right = np.array([codes[i] == g for i, g in zip(scores.argmax(axis=1), gold, strict=True)])
    edges = np.linspace(0, 1, 11)
    bins = np.clip(np.digitize(confidence, edges[1:-1]), 0, 9)
    return float(
        sum(
            np.mean(bins == b) * abs(right[bins == b].mean() - confidence[bins == b].mean())
            for b in range(10)
            if np.any(bins == b)
        )
    )


def code_suggestions(
    nhs_texts: list[str], nhs_gold: list[str], gold_rows: list[dict[str, str]] | None, seed: int
) -> None:
    print("\n## Code suggestions: top-1 accuracy on unseen data (same training codings for both)")
    print(
        f"{'data':34s} {'ours':>6s} {'TF-IDF+LR':>9s} {'abstain':>8s} {'acc kept':>8s} {'ECE':>6s}"
    )
    rows = [suggester_figures(*nhs_split(nhs_texts, nhs_gold, seed + s), seed) for s in range(5)]
    _print_row("NHS, 20 per code, 5 splits (mean)", rows)
    if gold_rows is None:
        print(f"gold set: skipped ({GOLD} not found)")
        return
    coded = [r for r in gold_rows if r.get("code")]
    docs = sorted({r["doc"] for r in coded})
    rows = []
    for fold in range(min(len(docs), 5)):
        held = set(docs[fold :: min(len(docs), 5)])
        train = [(r["text"], r["code"]) for r in coded if r["doc"] not in held]
        test = [(r["text"], r["code"]) for r in coded if r["doc"] in held]
        try:
            rows.append(suggester_figures(train, test, seed))
        except InputError as err:  # a fold without two codes of 5+ examples
            print(f"gold fold {fold}: skipped ({err})")
    if rows:
        _print_row(f"gold set, by document ({len(rows)} folds)", rows)


def nhs_split(
    texts: list[str], gold: list[str], seed: int, per_code: int = 20
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    rng = np.random.default_rng(seed)
    labels = np.array(gold)
    train_idx = np.concatenate(
        [
            rng.choice(np.flatnonzero(labels == c), per_code, replace=False)
            for c in sorted(set(gold))
        ]
    )
    chosen = set(train_idx.tolist())
    train = [(texts[i], gold[i]) for i in sorted(chosen)]
    test = [(texts[i], gold[i]) for i in range(len(texts)) if i not in chosen]
    return train, test


def _print_row(name: str, rows: list[dict[str, float]]) -> None:
    mean = {key: float(np.nanmean([r[key] for r in rows])) for key in rows[0]}
    print(
        f"{name:34s} {mean['ours']:6.3f} {mean['tfidf_lr']:9.3f} {mean['abstain']:8.2f} "
        f"{mean['kept_acc']:8.3f} {mean['ece']:6.3f}"
    )


STUDY_COMMAND = ["suggest", "themes", "--unit", "turn", "--scope", "uncoded", "--k", "20",
                 "--all-speakers"]  # every uncoded turn, the interviewer's too


def study_timing(project: Path, seed: int, reference: Path | None, keep: Path | None) -> int:
    """Time the theme suggestions on a copy of `project` in a child process; 1 if they differ
    from `reference`."""
    with tempfile.TemporaryDirectory(prefix="themes-bench-") as tmp:
        copy, out = Path(tmp) / "study.db", Path(tmp) / "themes.json"
        with sqlite3.connect(project) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        command = [sys.executable, "-c", "from themecoder.cli import main; main()", "-p", str(copy)]
        command += STUDY_COMMAND + ["--seed", str(seed), "--format", "json", "-o", str(out)]
        before, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(command, check=True)
        wall, after = time.perf_counter() - wall, resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        run = json.loads(out.read_text(encoding="utf-8"))
        print(
            f"suggest themes on {run['params']['segments']:,} uncoded turns, k=20, seed {seed}: "
            f"wall {wall:.1f} s, cpu {cpu:.1f} s, peak {after.ru_maxrss / 1024:.0f} MB"
        )
        if keep:
            shutil.copyfile(out, keep)
        if reference is None:
            return 0
        expected = json.loads(reference.read_text(encoding="utf-8"))
        same = {**run, "run": None} == {**expected, "run": None}
        print(f"same themes, members, labels and figures as {reference}: {'yes' if same else 'NO'}")
        return 0 if same else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=None, help="[default: 0; 1 with --study]")
    parser.add_argument("--no-50k", action="store_true", help="skip the 50k-segment timing")
    parser.add_argument("--study", type=Path, help="only time suggest themes on this project")
    parser.add_argument("--reference", type=Path, help="with --study: compare to this output")
    parser.add_argument("--keep", type=Path, help="with --study: save the output here")
    args = parser.parse_args()
    if args.study:
        return study_timing(
            args.study, 1 if args.seed is None else args.seed, args.reference, args.keep
        )
    args.seed = args.seed or 0
    if not (NHS / "text_data.csv").is_file():
        print(f"NHS data not found under {NHS}: nothing to measure")
        return 0
    print(
        f"themes benchmark, seed {args.seed}, python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cpus, default method: {Embedder('auto').method}"
    )
    texts, gold = read_nhs()
    clustering_table("NHS patient comments", texts, gold, args.seed)
    seed_spread(texts, gold, range(args.seed, args.seed + 3))
    gold_rows = read_gold()
    if gold_rows is None:
        print(f"\n## Gold set: skipped ({GOLD} not found)")
    else:
        themed = [r for r in gold_rows if r.get("theme")]
        clustering_table(
            "Sample-study gold sentences",
            [r["text"] for r in themed],
            [r["theme"] for r in themed],
            args.seed,
        )
    label_quality(texts, args.seed)
    timings(texts, args.seed, not args.no_50k)
    code_suggestions(texts, gold, gold_rows, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
