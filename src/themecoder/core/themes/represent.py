"""Segment vectors for clustering and similarity.

Methods (all offline, deterministic for a seed):
- `wordllama+lsa` (the default when `wordllama` is installed): the mean WordLlama piece vector of
  the lowercased text, joined with a corpus-fitted LSA of TF-IDF (weight `lsa_weight`), the
  whole row L2-normalised. The static vectors bring meaning across words ("nurse" ~ "staff"),
  the LSA part the corpus' own vocabulary.
- `wordllama`: the static vectors alone.
- `lsa`: TF-IDF (sublinear, unigrams) reduced by truncated SVD: needs nothing beyond
  scikit-learn, the fallback when the static vectors are not installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from themecoder.core.errors import InputError
from themecoder.core.themes.static_vectors import load_wordllama, wordllama_available

METHODS = ("auto", "wordllama+lsa", "wordllama", "lsa")
LSA_DIMS = 100
LSA_WEIGHT = 0.7


def resolve_method(method: str) -> str:
    """The concrete method `auto` stands for here, or `method` itself once checked."""
    if method not in METHODS:
        raise InputError(f"--method {method}: unknown; choose one of {', '.join(METHODS)}")
    if method == "auto":
        return "wordllama+lsa" if wordllama_available() else "lsa"
    if method.startswith("wordllama") and not wordllama_available():
        raise InputError(f"--method {method}: the 'wordllama' package is not installed")
    return method


@dataclass
class Embedder:
    """Turns texts into L2-normalised row vectors; `fit` learns the corpus part (LSA)."""

    method: str = "auto"
    seed: int = 0
    lsa_dims: int = LSA_DIMS
    lsa_weight: float = LSA_WEIGHT
    _counter: Any = field(default=None, init=False, repr=False)  # CountVectorizer
    _tfidf: Any = field(default=None, init=False, repr=False)  # TfidfTransformer
    _svd: Any = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.method = resolve_method(self.method)

    @property
    def uses_lsa(self) -> bool:
        return self.method in ("wordllama+lsa", "lsa")

    def fit(self, texts: list[str]) -> Embedder:
        """Fit the TF-IDF vocabulary and the SVD on `texts` (a no-op for `wordllama`)."""
        if self.uses_lsa:
            self._fit_lsa(texts)
        return self

    def transform(self, texts: list[str]) -> np.ndarray:
        """Vectors of `texts` (float32, rows of unit length or zero)."""
        counts = self._counter.transform(texts) if self._counter is not None else None
        return self._vectors(texts, counts)

    def fit_transform(self, texts: list[str]) -> np.ndarray:
        """`fit(texts)` then `transform(texts)` (the same vectors, bit for bit), counting the
        words of `texts` once instead of twice."""
        counts = self._fit_lsa(texts) if self.uses_lsa else None
        return self._vectors(texts, counts)

    def params(self) -> dict[str, Any]:
        """The method and parameters, to be recorded with a run."""
        out: dict[str, Any] = {"method": self.method, "seed": self.seed}
        if self.method.startswith("wordllama"):
            out["static_vectors"] = load_wordllama().name
        if self.uses_lsa:
            dims = int(self._svd.n_components) if self._svd is not None else 0
            out |= {"lsa_dims": dims, "tfidf": f"sublinear, unigrams, min_df={self._min_df()}"}
            if self.method == "wordllama+lsa":
                out["lsa_weight"] = self.lsa_weight
        return out

    def _vectors(self, texts: list[str], counts: Any) -> np.ndarray:
        """Vectors of `texts`, given their word counts (None without a fitted vocabulary)."""
        parts = []
        if self.method.startswith("wordllama"):
            parts.append(_unit(load_wordllama().embed([t.lower() for t in texts])))
        if self.uses_lsa and self._svd is not None:
            weight = self.lsa_weight if parts else 1.0
            parts.append(weight * _unit(self._svd.transform(self._tfidf.transform(counts))))
        elif counts is not None and not parts:  # too few words for an SVD: plain TF-IDF
            return _unit(self._tfidf.transform(counts).toarray())
        return _unit(np.hstack(parts))

    def _fit_lsa(self, texts: list[str]) -> Any:
        """Fit TF-IDF (as scikit-learn's TfidfVectorizer: word counts, then the weighting) and
        the SVD; returns the word counts of `texts` as `transform` would count them (sorted
        indices), or None when no text has a word."""
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

        self._n_fit = len(texts)
        self._counter = CountVectorizer(
            min_df=self._min_df(), dtype=np.float32, token_pattern=r"(?u)\b[^\W\d_][^\W\d_]+\b"
        )
        self._tfidf = TfidfTransformer(sublinear_tf=True)
        self._svd = None
        try:
            counts = self._counter.fit_transform(texts)
        except ValueError as err:  # an empty vocabulary: no text has a word
            self._counter = self._tfidf = None
            if self.method == "lsa":  # the static vectors can still compare such texts
                raise InputError(f"segments: no words to compare ({err})") from err
            return None
        matrix = self._tfidf.fit(counts).transform(counts, copy=True)
        dims = min(self.lsa_dims, matrix.shape[1] - 1, matrix.shape[0] - 1)
        if dims >= 2:
            self._svd = TruncatedSVD(dims, random_state=self.seed, n_iter=4).fit(matrix)
        counts.sort_indices()  # CountVectorizer.transform returns its counts sorted
        return counts

    def _min_df(self) -> int:
        return 2 if getattr(self, "_n_fit", 0) >= 200 else 1


def embed(texts: list[str], method: str = "auto", seed: int = 0) -> np.ndarray:
    """Vectors of `texts` by `method` (see the module docstring), fitted on `texts` themselves."""
    return Embedder(method, seed).fit_transform(list(texts))


def _unit(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)
