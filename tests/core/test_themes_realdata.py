"""Theme quality on real human-labelled data (skipped where ../shared is absent)."""

from __future__ import annotations

import csv

import numpy as np

from tests.conftest import shared_path
from themecoder.core.themes import suggest_themes
from themecoder.core.themes.quality import nmi


def test_default_themes_beat_tfidf_kmeans_on_nhs_comments() -> None:
    """2,000 random NHS patient comments, k=9 as the human labels: the default method's NMI is
    over twice that of TF-IDF + k-means (the full benchmark, on all 10,334, asks 2.5x)."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    path = shared_path("realdata", "coded", "nhs-pxtextmining", "text_data.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["feedback"].strip()]
    sample = np.sort(np.random.default_rng(0).choice(len(rows), 2000, replace=False))
    texts = [rows[i]["feedback"] for i in sample]
    gold = [rows[i]["label"] for i in sample]
    ours = nmi(gold, suggest_themes(texts, 9, seed=0).assignment)
    tfidf = TfidfVectorizer(stop_words="english").fit_transform(texts)
    baseline = nmi(gold, KMeans(9, n_init=10, random_state=0).fit_predict(tfidf))
    assert ours > 0.2
    assert ours > 2 * baseline, (ours, baseline)
