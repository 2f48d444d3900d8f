"""Import speed: N generated interview transcripts through themecoder's import vs spaCy alone.

Prints words/s and the ratio of themecoder's import time (read, normalise, find turns, sentences,
store text, turns and sentences in SQLite) to spaCy's blank pipeline + sentencizer on the same
texts, as wall-clock time and as CPU time (this process and its worker processes), for the
import as it runs by default (`--jobs 0`: worker processes read while this process stores) and in
one process (`--jobs 1`). Target: ratio <= 1.5. The machine's speed can drift between rounds, so
the median of each round's own ratio is printed too.

    python benchmarks/import_bench.py [--docs 300] [--words 1200]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

WORDS = [
    "business", "customers", "sales", "online", "post", "photo", "phone", "training", "market",
    "price", "batik", "coffee", "shop", "family", "money", "week", "month", "learn", "teach",
    "friend", "group", "order", "delivery", "app", "record", "book", "profit", "cost", "data",
    "signal", "village", "stall", "cake", "tailor", "fabric", "instagram", "whatsapp",
    "marketplace",
]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "?", "!"])


def transcript(rng: random.Random, n_words: int) -> str:
    lines, count, turn = [], 0, 0
    while count < n_words:
        speaker = "Interviewer" if turn % 2 == 0 else "Participant"
        body = " ".join(sentence(rng) for _ in range(rng.randint(1, 6)))
        lines.append(f"{speaker}: {body}")
        count += len(body.split())
        turn += 1
    return "\n".join(lines) + "\n"


def auto_workers() -> int:
    from themecoder.io.batch import auto_workers as workers

    return workers()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--words", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="alternating rounds; the best is kept")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        texts = [transcript(rng, args.words) for _ in range(args.docs)]
        for i, text in enumerate(texts):
            (folder / f"T{i:04d}.txt").write_text(text, encoding="utf-8")
        words = sum(len(t.split()) for t in texts)
        runs: dict[str, list[tuple[float, float]]] = {"spacy": [], "auto": [], "one": []}
        for round_ in range(args.repeat):  # alternate, so background load hits all alike
            runs["spacy"].append(time_spacy(texts))
            runs["auto"].append(time_import(folder, Path(tmp) / f"auto{round_}.db", 0))  # --jobs 0
            runs["one"].append(time_import(folder, Path(tmp) / f"one{round_}.db", 1))  # --jobs 1
    best = {name: min(times) for name, times in runs.items()}
    print(f"documents            {args.docs}   (best of {args.repeat} alternating rounds)")
    print(f"words                {words:,}")
    print("                            wall s   words/s    CPU s")
    rows = (("spacy", "spaCy blank+sentencizer", ""),
            ("auto", "themecoder import", f"  --jobs 0: {auto_workers()} worker process(es) for imports over 1 MB"),
            ("one", "  ... in one process", "  --jobs 1: a reader thread, storing overlaps it"))
    for name, label, note in rows:
        wall, cpu = best[name]
        print(f"{label:24s} {wall:7.2f} {words / wall:10,.0f} {cpu:8.2f}{note}")
    for name, label in (("auto", "ratio import / spaCy"), ("one", "  ... in one process")):
        paired = statistics.median(ours[0] / base[0] for ours, base in zip(runs[name], runs["spacy"]))
        print(f"{label:24s} {best[name][0] / best['spacy'][0]:7.2f} (wall)  "
              f"{best[name][1] / best['spacy'][1]:.2f} (CPU)  median of the rounds' own ratios "
              f"{paired:.2f} (wall)" + ("  target <= 1.5" if name == "auto" else ""))


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have finished (the import's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_spacy(texts: list[str]) -> tuple[float, float]:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    list(nlp.pipe(texts[:3]))  # warm up, as the import's pipeline is cached per process
    start, cpu = time.perf_counter(), cpu_seconds()
    n = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=256))
    elapsed = time.perf_counter() - start
    assert n > 0
    return elapsed, cpu_seconds() - cpu


def time_import(folder: Path, db: Path, workers: int) -> tuple[float, float]:
    from themecoder.core.segmentation import pipeline
    from themecoder.io import iter_import_files
    from themecoder.io.batch import iter_read
    from themecoder.store import Project

    pipeline("en")
    list(pipeline("en").pipe(["Warm up."]))
    start, cpu = time.perf_counter(), cpu_seconds()
    files, _ = iter_import_files([folder])
    parsed = (doc for result in iter_read(files, workers=workers) for doc in result.documents)
    with Project(db) as project:  # stores documents as they are read, as `import` does
        results = project.add_documents(parsed)
    elapsed = time.perf_counter() - start
    assert sum(r.status == "imported" for r in results) == len(files)
    return elapsed, cpu_seconds() - cpu


if __name__ == "__main__":
    main()
