"""Theme suggestions: represent the segments, cluster them, label each cluster.

Every segment is a member of exactly one theme (k-means has no outliers, so there is no -1
theme). The method and every parameter are recorded in `ThemeResult.params`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from themecoder.core.errors import InputError
from themecoder.core.themes.cluster import (
    AUTO_K_RANGE,
    central_member,
    choose_k,
    kmeans,
    restarts,
)
from themecoder.core.themes.labels import KEYWORDS, label_of, theme_keywords
from themecoder.core.themes.nearest import CodeTexts, nearest_codes
from themecoder.core.themes.represent import Embedder


@dataclass
class Theme:
    """One suggested theme. `members` and `representative` index the input segments."""

    id: int
    label: str
    keywords: list[str]
    size: int
    members: list[int]
    representative: int  # the member closest to the theme's centre
    nearest_code: tuple[str, float] | None = None


@dataclass
class ThemeResult:
    """Themes (largest first), the theme of each segment, and how they were computed."""

    themes: list[Theme]
    assignment: np.ndarray  # (n_segments,) theme id of each segment
    centroids: np.ndarray  # (k, dim) unit-length theme centres, row i is theme id i
    k: int
    params: dict[str, Any]
    k_scores: list[dict[str, float | int]] = field(default_factory=list)
    k_reason: str = ""
    embedder: Embedder | None = field(default=None, repr=False)

    def theme(self, theme_id: int) -> Theme:
        """The theme with this id."""
        return next(t for t in self.themes if t.id == theme_id)


def suggest_themes(
    texts: list[str],
    k: int | Literal["auto"] = "auto",
    seed: int = 0,
    method: str = "auto",
    lang: str = "en",
    k_range: tuple[int, int] = AUTO_K_RANGE,
    code_texts: CodeTexts | None = None,
) -> ThemeResult:
    """Cluster `texts` (one per segment) into `k` themes, or choose k when `k="auto"`.

    With `code_texts` (code path -> its name, description, examples, excerpts), each theme's
    `nearest_code` is set. Raises InputError for no segments, a k below 1, or fewer segments
    than k.
    """
    texts = list(texts)
    _check_input(texts, k)
    embedder = Embedder(method, seed)
    vectors = embedder.fit_transform(texts)
    scores, reason = [], ""
    if k == "auto":
        k, k_scores, reason = choose_k(vectors, seed, k_range)
        scores = [s.as_dict() for s in k_scores]
    labels, centroids = kmeans(vectors, int(k), seed)
    labels, centroids = _renumber_by_size(labels, centroids)
    themes = _themes(texts, vectors, labels, _unit(centroids), lang)
    params = embedder.params() | {
        "clustering": "k-means",
        "n_init": restarts(len(texts)),
        "k": int(k),
        "k_mode": "auto" if scores else "given",
        "lang": lang,
        "labels": f"c-TF-IDF on lemmas, top {KEYWORDS}",
    }
    if scores:
        params["k_range"] = list(k_range)
    if code_texts:
        nearest = nearest_codes(
            np.vstack([_unit(centroids)[t.id] for t in themes]), code_texts, embedder
        )
        for theme, match in zip(themes, nearest, strict=True):
            theme.nearest_code = match
    return ThemeResult(themes, labels, _unit(centroids), int(k), params, scores, reason, embedder)


def _check_input(texts: list[str], k: int | str) -> None:
    if not texts:
        raise InputError("segments: the scope is empty: no segments to cluster")
    if k == "auto":
        return
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise InputError(f"--k {k}: must be a whole number >= 1 or 'auto'")
    if len(texts) < k:
        raise InputError(f"--k {k}: only {len(texts)} segment(s) in scope, fewer than k")


def _renumber_by_size(labels: np.ndarray, centroids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Theme ids 0..k-1 from the largest theme to the smallest (ties: by old id)."""
    sizes = np.bincount(labels, minlength=len(centroids))
    order = np.lexsort((np.arange(len(sizes)), -sizes))
    new_id = np.empty_like(order)
    new_id[order] = np.arange(len(order))
    return new_id[labels], centroids[order]


def _themes(
    texts: list[str], vectors: np.ndarray, labels: np.ndarray, centroids: np.ndarray, lang: str
) -> list[Theme]:
    keywords = theme_keywords(texts, labels, len(centroids), lang=lang)
    themes = []
    for tid, centre in enumerate(centroids):
        members = np.flatnonzero(labels == tid)
        if not len(members):  # k-means can leave a cluster empty on duplicate-heavy input
            continue
        themes.append(
            Theme(
                tid,
                label_of(keywords[tid]),
                keywords[tid],
                len(members),
                members.tolist(),
                central_member(vectors, members, centre),
            )
        )
    return themes


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)
