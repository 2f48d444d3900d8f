"""Clustering of unit-length vectors: k-means for a given k, and a choice of k with its reasons.

k-means on L2-normalised rows is spherical k-means up to the centroid norm; it was measured
against Ward, spectral, UMAP + k-means and over-clustering + merging on the NHS patient comments
and was as good or better there, and the fastest (see benchmarks/themes_bench.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_INIT = 10  # k-means++ restarts; the best (lowest inertia) is kept
N_INIT_LARGE = 3  # restarts above LARGE segments, where each costs seconds
LARGE = 20_000
AUTO_K_RANGE = (3, 12)
AUTO_SAMPLE = 2000  # points used to score each k (silhouette is quadratic in them)
STABLE = 0.6  # mean ARI between resampled fits above which a k "reproduces"


@dataclass(frozen=True)
class KScore:
    """How one k scored: silhouette (cosine) and stability (mean ARI across resampled fits)."""

    k: int
    silhouette: float
    stability: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "k": self.k,
            "silhouette": round(self.silhouette, 4),
            "stability": round(self.stability, 4),
        }


def restarts(n_segments: int) -> int:
    """How many k-means++ restarts to run for this many segments."""
    return N_INIT if n_segments <= LARGE else N_INIT_LARGE


def kmeans(
    vectors: np.ndarray, k: int, seed: int, n_init: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Labels (n,) and centroids (k, d) of k-means with k-means++ starts, the best of `n_init`
    (by default `restarts(n)`)."""
    from sklearn.cluster import KMeans

    n_init = restarts(len(vectors)) if n_init is None else n_init
    model = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(vectors)
    return model.labels_.astype(np.int64), model.cluster_centers_.astype(np.float32)


def score_k(vectors: np.ndarray, k: int, seed: int) -> KScore:
    """Silhouette of a k-means fit, and its agreement with fits on two 80% resamples."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score, silhouette_score

    rng = np.random.default_rng(seed + k)
    labels, _ = kmeans(vectors, k, seed, n_init=2)
    fits = [labels]
    for offset in (1, 2):
        part = rng.choice(len(vectors), size=max(k + 1, int(0.8 * len(vectors))), replace=False)
        model = KMeans(n_clusters=k, n_init=1, random_state=seed + offset).fit(vectors[part])
        fits.append(model.predict(vectors))
    stability = np.mean(
        [adjusted_rand_score(fits[a], fits[b]) for a, b in ((0, 1), (0, 2), (1, 2))]
    )
    silhouette = (
        silhouette_score(vectors, labels, metric="euclidean") if len(set(labels)) > 1 else -1.0
    )
    return KScore(k, float(silhouette), float(stability))


def choose_k(
    vectors: np.ndarray, seed: int, k_range: tuple[int, int] = AUTO_K_RANGE
) -> tuple[int, list[KScore], str]:
    """Pick k: the highest silhouette among the k whose clusters reproduce (stability >= 0.6);
    if none does, the most stable k. Returns (k, the scores per k, the reason in words)."""
    lo, hi = max(2, k_range[0]), min(k_range[1], len(vectors) - 1)
    if hi < lo:
        lo = hi = max(1, min(len(vectors) - 1, 2))
    sample = _sample(vectors, seed)
    scores = [score_k(sample, k, seed) for k in range(lo, hi + 1)]
    stable = [s for s in scores if s.stability >= STABLE]
    if stable:
        best = max(stable, key=lambda s: (s.silhouette, -s.k))
        reason = (
            f"k={best.k}: highest silhouette ({best.silhouette:.3f}) among the k in {lo}-{hi} "
            f"whose clusters reproduce across resamples (stability >= {STABLE}: "
            f"{', '.join(str(s.k) for s in stable)})"
        )
    else:
        best = max(scores, key=lambda s: (s.stability, s.silhouette))
        reason = (
            f"k={best.k}: no k in {lo}-{hi} reached stability {STABLE}; "
            f"the most stable one ({best.stability:.3f}) was chosen"
        )
    return best.k, scores, reason


def central_member(vectors: np.ndarray, members: np.ndarray, centroid: np.ndarray) -> int:
    """The index (into `vectors`) of the member closest in angle to the centroid."""
    sims = vectors[members] @ centroid
    return int(members[int(np.argmax(sims))])


def _sample(vectors: np.ndarray, seed: int) -> np.ndarray:
    if len(vectors) <= AUTO_SAMPLE:
        return vectors
    rng = np.random.default_rng(seed)
    return vectors[np.sort(rng.choice(len(vectors), size=AUTO_SAMPLE, replace=False))]
