"""Theme labels by class-based TF-IDF (c-TF-IDF), as BERTopic computes it.

All members of a theme form one document; a term's weight in theme c is its frequency there,
normalised by the theme's length, times log(1 + A / f_t), where A is the average number of
words per theme and f_t the term's frequency over all themes. Terms are lemmas with stop words
left out (see `terms.py`); a term must occur in at least two segments of the corpus to be shown.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from themecoder.core.themes.terms import NEGATIONS, content_terms

LABEL_TERMS = 3
KEYWORDS = 10


def term_counts(terms: list[list[str]], min_segments: int = 2) -> tuple[Any, np.ndarray]:
    """A sparse (segments x vocabulary) count matrix and the vocabulary, from term lists."""
    from sklearn.feature_extraction.text import CountVectorizer

    min_df = min_segments if len(terms) >= 10 * min_segments else 1
    vectorizer = CountVectorizer(analyzer=lambda toks: toks, min_df=min_df)
    try:
        counts = vectorizer.fit_transform(terms)
    except ValueError:  # no term survives: no labels
        return None, np.array([], dtype=object)
    return counts, vectorizer.get_feature_names_out()


def class_tfidf(counts: Any, labels: np.ndarray, n_classes: int) -> np.ndarray:
    """The c-TF-IDF matrix (n_classes x vocabulary) of a segment-term count matrix."""
    from scipy.sparse import csr_matrix

    member = csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(n_classes, len(labels))
    )
    per_class = np.asarray((member @ counts).todense(), dtype=np.float64)
    tf = per_class / np.maximum(per_class.sum(axis=1, keepdims=True), 1.0)
    avg_words = per_class.sum() / max(n_classes, 1)
    idf = np.log(1.0 + avg_words / np.maximum(per_class.sum(axis=0), 1.0))
    return np.asarray(tf * idf)


def theme_keywords(
    texts: list[str], labels: np.ndarray, n_classes: int, top: int = KEYWORDS, lang: str = "en"
) -> list[list[str]]:
    """The `top` most distinctive terms of each class, best first (empty where none)."""
    counts, vocab = term_counts(content_terms(texts, lang, keep=NEGATIONS))
    if counts is None:
        return [[] for _ in range(n_classes)]
    weights = class_tfidf(counts, labels, n_classes)
    out = []
    for row in weights:
        order = np.argsort(-row, kind="stable")[:top]
        out.append([str(vocab[i]) for i in order if row[i] > 0])
    return out


def label_of(keywords: list[str], n_terms: int = LABEL_TERMS) -> str:
    """A short label: the first `n_terms` keywords joined by ' / ' (or '(no distinctive words)')."""
    return " / ".join(keywords[:n_terms]) if keywords else "(no distinctive words)"
