"""The nearest codebook code of each theme.

A code is described by several texts: its name, description, examples and coded excerpts. Each
piece is embedded in the themes' vector space and the code's vector is their normalised mean,
so a code with many excerpts is not just its longest one. The score is the cosine similarity
between a theme's centre and that vector (-1..1; higher is nearer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from themecoder.core.model import CodeDef
from themecoder.core.themes.represent import Embedder

CodeTexts = Mapping[str, str | Sequence[str]]
BATCH = 8192  # code texts embedded at a time


def code_texts_of(code: CodeDef, excerpts: Sequence[str] = ()) -> list[str]:
    """The texts that describe a code: its name, description, include rule, examples, excerpts."""
    pieces = [
        code.name.replace("_", " "),
        code.description,
        code.include,
        *code.examples,
        *excerpts,
    ]
    return [p for p in pieces if p and p.strip()]


def code_vectors(
    code_texts: CodeTexts, embedder: Embedder, batch: int = BATCH
) -> tuple[list[str], np.ndarray]:
    """Code paths (those with any text) and their unit vectors, one row per path.

    Each distinct text is embedded once, however many codes and codings quote it, `batch`
    texts at a time; a text's vector does not depend on the texts embedded with it, so the
    means are the same as embedding each code's texts on their own."""
    pieces_of: dict[str, list[str]] = {}
    for path, texts in code_texts.items():
        pieces = [texts] if isinstance(texts, str) else list(texts)
        pieces = [p for p in pieces if p and p.strip()]
        if pieces:
            pieces_of[path] = pieces
    distinct = list(dict.fromkeys(p for pieces in pieces_of.values() for p in pieces))
    vectors = _embed_in_batches(distinct, embedder, batch)
    row_of = {text: row for row, text in enumerate(distinct)}
    paths, rows = [], []
    for path, pieces in pieces_of.items():
        mean = vectors[[row_of[p] for p in pieces]].mean(axis=0)
        norm = float(np.linalg.norm(mean))
        if norm > 0:
            paths.append(path)
            rows.append(mean / norm)
    if not rows:
        return [], np.zeros((0, 0), dtype=np.float32)
    return paths, np.vstack(rows).astype(np.float32)


def _embed_in_batches(texts: list[str], embedder: Embedder, batch: int) -> np.ndarray:
    """`embedder.transform(texts)`, `batch` texts at a time into one array (bounds memory)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    first = embedder.transform(texts[:batch])
    out = np.empty((len(texts), first.shape[1]), dtype=first.dtype)
    out[: len(first)] = first
    for lo in range(batch, len(texts), batch):
        out[lo : lo + batch] = embedder.transform(texts[lo : lo + batch])
    return out


def nearest_codes(
    theme_vectors: np.ndarray, code_texts: CodeTexts, embedder: Embedder
) -> list[tuple[str, float] | None]:
    """Per theme vector (row): (code path, cosine similarity) of the nearest code, or None when
    no code has any text. `embedder` must be the one the theme vectors came from."""
    paths, codes = code_vectors(code_texts, embedder)
    if not paths:
        return [None] * len(theme_vectors)
    sims = np.asarray(theme_vectors, dtype=np.float32) @ codes.T
    best = sims.argmax(axis=1)
    return [(paths[j], round(float(sims[i, j]), 4)) for i, j in enumerate(best)]
