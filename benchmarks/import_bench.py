"""Import speed: N generated interview transcripts through themecoder's import vs spaCy alone.

Prints words/s and the ratio of themecoder's import time (read, normalise, find turns, sentences,
store in SQLite with the search index) to spaCy's blank pipeline + sentencizer on the same texts.
Target: ratio <= 1.5.

    python benchmarks/import_bench.py [--docs 300] [--words 1200]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

WORDS = ("business customers sales online post photo phone training market price batik coffee "
         "shop family money week month learn teach friend group order delivery app record book "
         "profit cost data signal village stall cake tailor fabric instagram whatsapp marketplace").split()


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--words", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="alternating rounds; the best is kept")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        texts = [transcript(rng, args.words) for _ in range(args.docs)]
        for i, text in enumerate(texts):
            (folder / f"T{i:04d}.txt").write_text(text, encoding="utf-8")
        words = sum(len(t.split()) for t in texts)
        spacy_runs, ours_runs, single_runs = [], [], []
        for round_ in range(args.repeat):  # alternate, so background load hits all alike
            spacy_runs.append(time_spacy(texts))
            ours_runs.append(time_import(folder, Path(tmp) / f"bench{round_}.db", 2))
            single_runs.append(time_import(folder, Path(tmp) / f"single{round_}.db", 1))
        spacy_s, ours_s, single_s = min(spacy_runs), min(ours_runs), min(single_runs)
    print(f"documents            {args.docs}   (best of {args.repeat} alternating rounds)")
    print(f"words                {words:,}")
    print(f"spaCy blank+sentencizer  {spacy_s:7.2f} s  ({words / spacy_s:,.0f} words/s)")
    print(f"themecoder import        {single_s:7.2f} s  ({words / single_s:,.0f} words/s)"
          "  [one process, as `import` runs by default]")
    print(f"  ... with --jobs 2      {ours_s:7.2f} s  ({words / ours_s:,.0f} words/s)")
    print(f"ratio import / spaCy     {single_s / spacy_s:7.2f}  (target <= 1.5)")
    print(f"  ... with --jobs 2      {ours_s / spacy_s:7.2f}")


def time_spacy(texts: list[str]) -> float:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    list(nlp.pipe(texts[:3]))  # warm up, as the import's pipeline is cached per process
    start = time.perf_counter()
    n = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=256))
    elapsed = time.perf_counter() - start
    assert n > 0
    return elapsed


def time_import(folder: Path, db: Path, workers: int) -> float:
    from themecoder.core.segmentation import pipeline
    from themecoder.io import iter_import_files
    from themecoder.io.batch import read_many
    from themecoder.store import Project

    pipeline("en")
    list(pipeline("en").pipe(["Warm up."]))
    start = time.perf_counter()
    files, _ = iter_import_files([folder])
    parsed = [doc for result in read_many(files, workers=workers) for doc in result.documents]
    with Project(db) as project:
        results = project.add_documents(parsed)
    elapsed = time.perf_counter() - start
    assert sum(r.status == "imported" for r in results) == len(files)
    return elapsed


if __name__ == "__main__":
    main()
