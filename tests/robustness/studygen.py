"""Generated studies for the robustness tests and benchmarks: transcripts and codings, reproducibly.

Texts are interviews in `Speaker: words.` lines drawn from a fixed vocabulary with a seeded RNG, so
every run (and every machine) builds the same files.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

_PROSE = (
    "the training helped me sell more online and my neighbours asked how I did it because the "
    "market was slow during the rainy season so we learned to take photos of batik and post "
    "them on the group with prices which was difficult at first since my phone is old and the "
    "signal in the village is weak but my daughter showed me how to use it every evening "
    "after school now I feel more confident when customers message me although sometimes I "
    "still worry about scams and paying fees to the platform cooperative members share tips "
    "about packaging delivery couriers cash transfers savings loans family support government "
    "programme facilitator"
)
WORDS = _PROSE.split()
SPEAKERS = ("Interviewer", "Participant")
CODES = (
    "barriers/connectivity",
    "barriers/skills",
    "outcomes/sales",
    "outcomes/confidence",
    "support/family",
    "support/peers",
    "risks/scams",
    "risks/fees",
)


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 18))
    return " ".join(words).capitalize() + rng.choice(".....?!")


def transcript(rng: random.Random, words: int) -> str:
    """An interview of about `words` words: alternating turns of one to four sentences."""
    lines, count, turn = [], 0, 0
    while count < words:
        body = " ".join(sentence(rng) for _ in range(rng.randint(1, 4)))
        lines.append(f"{SPEAKERS[turn % 2]}: {body}")
        count += len(body.split())
        turn += 1
    return "\n".join(lines) + "\n"


def write_transcripts(folder: Path, n: int, words: int, seed: int = 7) -> list[Path]:
    """Write `n` transcripts `T0001.txt`... of about `words` words each; returns their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, n + 1):
        path = folder / f"T{i:04d}.txt"
        path.write_text(transcript(rng, words), encoding="utf-8")
        paths.append(path)
    return paths


def coding_rows(
    texts: dict[str, str], n: int, coders: tuple[str, ...] = ("ana",), seed: int = 11
) -> Iterator[dict[str, object]]:
    """`n` codings rows (doc, code, coder, start, end, text) over whole sentences of the texts."""
    rng = random.Random(seed)
    names = sorted(texts)
    for _ in range(n):
        name = rng.choice(names)
        text = texts[name]
        start = rng.randrange(0, max(1, len(text) - 200))
        start = text.find(" ", start) + 1
        end = min(len(text), start + rng.randint(20, 160))
        while end > start + 1 and text[end - 1].isspace():
            end -= 1
        yield {
            "doc": name,
            "code": rng.choice(CODES),
            "coder": rng.choice(coders),
            "start": start,
            "end": end,
            "text": text[start:end],
        }


def write_jsonl(path: Path, rows: Iterator[dict[str, object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
            count += 1
    return count
