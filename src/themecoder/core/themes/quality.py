"""How good suggested themes are: agreement with human labels, and label quality.

- `nmi`, `ari`: normalised mutual information (arithmetic mean) and the adjusted Rand index
  between a clustering and gold labels (scikit-learn's definitions).
- `npmi_coherence`: mean normalised pointwise mutual information of each pair of a theme's
  top words, with probabilities from document (segment) co-occurrence in the corpus (Bouma
  2009; -1 never together, 0 independent, 1 always together). A pair never seen together
  scores -1.
- `topic_diversity`: the share of distinct words among all themes' top words (Dieng et al.
  2020; 1 means no theme repeats another's words).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np

from themecoder.core.errors import InputError


def _check_lengths(gold: Sequence[object], predicted: Sequence[object]) -> None:
    if len(gold) != len(predicted):
        raise InputError(f"labels: {len(gold)} gold labels but {len(predicted)} predicted")
    if not len(gold):
        raise InputError("labels: no labels to compare")


def nmi(gold: Sequence[object], predicted: Sequence[object]) -> float:
    """Normalised mutual information between gold labels and a clustering (0-1)."""
    from sklearn.metrics import normalized_mutual_info_score

    _check_lengths(gold, predicted)
    return float(normalized_mutual_info_score(list(gold), list(predicted)))


def ari(gold: Sequence[object], predicted: Sequence[object]) -> float:
    """Adjusted Rand index between gold labels and a clustering (0 = chance, 1 = identical)."""
    from sklearn.metrics import adjusted_rand_score

    _check_lengths(gold, predicted)
    return float(adjusted_rand_score(list(gold), list(predicted)))


def npmi_coherence(
    top_words: Sequence[Sequence[str]], documents: Sequence[Sequence[str]], top: int = 10
) -> list[float]:
    """NPMI coherence of each theme's first `top` words over the `documents` (term lists).

    Returns one value per theme (nan for a theme with fewer than two words)."""
    vocab = sorted({w for words in top_words for w in words[:top]})
    index = {w: i for i, w in enumerate(vocab)}
    presence = np.zeros((len(documents), len(vocab)), dtype=np.float64)
    for row, doc in enumerate(documents):
        cols = [index[w] for w in set(doc) if w in index]
        presence[row, cols] = 1.0
    n = max(len(documents), 1)
    p_word = presence.sum(axis=0) / n
    p_pair = (presence.T @ presence) / n
    return [_theme_npmi([index[w] for w in words[:top]], p_word, p_pair) for words in top_words]


def _theme_npmi(cols: list[int], p_word: np.ndarray, p_pair: np.ndarray) -> float:
    values = []
    for a, b in combinations(cols, 2):
        joint = p_pair[a, b]
        if joint <= 0:
            values.append(-1.0)
        elif joint >= 1:
            values.append(1.0)
        else:
            values.append(float(np.log(joint / (p_word[a] * p_word[b])) / -np.log(joint)))
    return float(np.mean(values)) if values else float("nan")


def topic_diversity(top_words: Sequence[Sequence[str]], top: int = 10) -> float:
    """Distinct words / all words among the themes' first `top` words (nan when none)."""
    words = [w for theme in top_words for w in theme[:top]]
    return len(set(words)) / len(words) if words else float("nan")
