"""Candidate themes from codes: hierarchical clustering of the codes.

Two codes are alike when they are applied to the same segments (Jaccard over segment ids), in
the same documents (Jaccard over document ids), and when their excerpts read alike (cosine of
the codes' mean excerpt vectors, negative values counted as 0). The similarity is the weighted
mean of the three (weights `WEIGHTS`, the excerpt part dropped when no texts are given); the
tree is average-linkage (scipy) on 1 - similarity. Every tree node whose codes are, on average,
at least `min_score` alike is a candidate group; the largest such nodes are returned, each
with its evidence: per pair of codes, the shared segments and documents and the three parts.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from themecoder.core.errors import InputError
from themecoder.core.themes.nearest import CodeTexts, code_vectors
from themecoder.core.themes.represent import Embedder

WEIGHTS = {"segments": 0.4, "documents": 0.2, "excerpts": 0.4}
MIN_SCORE = 0.3
SHOWN_SEGMENTS = 20


@dataclass
class CodeGroup:
    """A candidate theme: codes that belong together, how much (0-1), and why."""

    codes: list[str]
    score: float
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CodeGrouping:
    """The candidate groups and the whole tree (scipy linkage over `codes`, in that order)."""

    groups: list[CodeGroup]
    codes: list[str]
    linkage: np.ndarray
    similarity: np.ndarray
    params: dict[str, Any]


def jaccard_matrix(sets: list[set[Hashable]]) -> np.ndarray:
    """Pairwise Jaccard index of sets (1 on the diagonal; 0 where both are empty)."""
    n = len(sets)
    out = np.eye(n)
    for a, b in combinations(range(n), 2):
        union = len(sets[a] | sets[b])
        out[a, b] = out[b, a] = len(sets[a] & sets[b]) / union if union else 0.0
    return out


def group_codes(
    code_segments: Mapping[str, set[Hashable]],
    code_docs: Mapping[str, set[Hashable]],
    code_texts: CodeTexts | None = None,
    embedder: Embedder | None = None,
    min_score: float = MIN_SCORE,
) -> CodeGrouping:
    """Group codes into candidate themes (see the module docstring). Needs two codes or more."""
    codes = sorted(set(code_segments) | set(code_docs))
    if len(codes) < 2:
        raise InputError(f"codes: {len(codes)} code(s) with codings; grouping needs at least 2")
    segs = [set(code_segments.get(c, set())) for c in codes]
    docs = [set(code_docs.get(c, set())) for c in codes]
    parts = {"segments": jaccard_matrix(segs), "documents": jaccard_matrix(docs)}
    if code_texts:
        parts["excerpts"] = _excerpt_similarity(codes, code_texts, embedder)
    weights = {name: WEIGHTS[name] for name in parts}
    total = sum(weights.values())
    similarity = np.sum([weights[name] * parts[name] for name in parts], axis=0) / total
    linkage = _average_linkage(similarity)
    groups = _candidate_groups(codes, similarity, linkage, min_score)
    for group in groups:
        group.evidence = _evidence(group.codes, codes, segs, docs, parts)
    params = {
        "linkage": "average",
        "distance": "1 - weighted similarity",
        "weights": {k: round(v / total, 3) for k, v in weights.items()},
        "min_score": min_score,
    }
    return CodeGrouping(groups, codes, linkage, similarity, params)


def _excerpt_similarity(
    codes: list[str], code_texts: CodeTexts, embedder: Embedder | None
) -> np.ndarray:
    """Cosine similarity (clipped at 0) of the codes' mean text vectors (0 without text)."""
    embedder = embedder or _fitted_embedder(code_texts)
    paths, vectors = code_vectors({c: code_texts[c] for c in codes if c in code_texts}, embedder)
    out = np.eye(len(codes))
    if not paths:
        return out
    index = {c: i for i, c in enumerate(codes)}
    sims = np.clip(vectors @ vectors.T, 0.0, 1.0)
    rows = [index[p] for p in paths]
    out[np.ix_(rows, rows)] = sims
    np.fill_diagonal(out, 1.0)
    return out


def _fitted_embedder(code_texts: CodeTexts) -> Embedder:
    """An embedder fitted on all the codes' texts (for the LSA part)."""
    pieces = [
        t for v in code_texts.values() for t in ([v] if isinstance(v, str) else v) if t.strip()
    ]
    return Embedder("auto").fit(pieces or ["empty"])


def _average_linkage(similarity: np.ndarray) -> np.ndarray:
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    return np.asarray(linkage(squareform(distance, checks=False), method="average"))


def _candidate_groups(
    codes: list[str], similarity: np.ndarray, linkage: np.ndarray, min_score: float
) -> list[CodeGroup]:
    """The maximal tree nodes whose mean pairwise similarity is >= min_score, best first."""
    n = len(codes)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    good: dict[int, float] = {}
    for step, (a, b, _dist, _count) in enumerate(linkage):
        node = n + step
        members[node] = members[int(a)] + members[int(b)]
        score = _mean_pair_similarity(similarity, members[node])
        if score >= min_score:
            good[node] = score
    maximal = [
        node
        for node in good
        if not any(other != node and set(members[node]) <= set(members[other]) for other in good)
    ]
    groups = [
        CodeGroup(sorted(codes[i] for i in members[node]), round(good[node], 4)) for node in maximal
    ]
    return sorted(groups, key=lambda g: (-g.score, g.codes))


def _mean_pair_similarity(similarity: np.ndarray, idx: list[int]) -> float:
    sub = similarity[np.ix_(idx, idx)]
    k = len(idx)
    return float((sub.sum() - np.trace(sub)) / (k * (k - 1))) if k > 1 else 1.0


def _evidence(
    group: list[str],
    codes: list[str],
    segs: list[set[Hashable]],
    docs: list[set[Hashable]],
    parts: dict[str, np.ndarray],
) -> list[dict[str, Any]]:
    """Per pair of codes in the group: shared segments/documents and the similarity parts."""
    index = {c: i for i, c in enumerate(codes)}
    out = []
    for a, b in combinations(group, 2):
        i, j = index[a], index[b]
        shared = sorted(segs[i] & segs[j], key=repr)
        row: dict[str, Any] = {
            "codes": [a, b],
            "shared_segments": len(shared),
            "shared_documents": len(docs[i] & docs[j]),
            "segment_ids": shared[:SHOWN_SEGMENTS],
        }
        row |= {f"{name}_similarity": round(float(m[i, j]), 4) for name, m in parts.items()}
        out.append(row)
    return out
