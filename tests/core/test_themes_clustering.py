"""Theme suggestions: determinism, membership, k=auto, bad input, labels (c-TF-IDF)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from themecoder.core.errors import InputError
from themecoder.core.themes import Embedder, suggest_themes
from themecoder.core.themes.labels import class_tfidf, label_of, theme_keywords
from themecoder.core.themes.quality import nmi
from themecoder.core.themes.static_vectors import wordllama_available

TOPICS = {
    "food": [
        "The {a} food on the ward was {b}.",
        "Lunch and dinner were {b}, the meals {a}.",
        "Hot meals, tea and sandwiches were {b}.",
    ],
    "parking": [
        "Car parking at the hospital is {b}, no spaces left.",
        "Parking costs too much and the car park is {b}.",
        "I drove round the car park for ages looking for parking.",
    ],
    "waiting": [
        "I waited {n} weeks for an appointment.",
        "The wait for a referral was {n} months.",
        "Waiting times for appointments are far too long, {n} weeks.",
    ],
}
FILL = {
    "a": ["cold", "tasty", "bland", "warm"],
    "b": ["awful", "lovely", "poor", "great"],
    "n": ["six", "ten", "three", "twelve"],
}


def synthetic_corpus(per_topic: int = 20, seed: int = 1) -> tuple[list[str], list[str]]:
    """Sentences from three obvious topics, in a shuffled order, with their topic names."""
    rng = random.Random(seed)
    rows = []
    for topic, templates in TOPICS.items():
        for i in range(per_topic):
            fill = {key: rng.choice(vals) for key, vals in FILL.items()}
            rows.append((templates[i % len(templates)].format(**fill), topic))
    rng.shuffle(rows)
    return [t for t, _ in rows], [g for _, g in rows]


@pytest.fixture(scope="module")
def corpus() -> tuple[list[str], list[str]]:
    return synthetic_corpus()


@pytest.mark.parametrize("method", ["auto", "lsa"])
def test_same_seed_gives_the_same_themes(corpus, method: str) -> None:
    texts, _ = corpus
    first = suggest_themes(texts, 3, seed=7, method=method)
    second = suggest_themes(texts, 3, seed=7, method=method)
    assert np.array_equal(first.assignment, second.assignment)
    assert [t.label for t in first.themes] == [t.label for t in second.themes]
    assert first.params == second.params and first.params["seed"] == 7


@pytest.mark.parametrize("method", ["auto", "lsa"])
def test_obvious_topics_are_found_and_labelled(corpus, method: str) -> None:
    texts, gold = corpus
    result = suggest_themes(texts, 3, seed=0, method=method)
    assert nmi(gold, result.assignment) > 0.9
    labels = " ".join(t.label for t in result.themes)
    for word in ("park", "wait", "meal"):
        assert word in labels or word + "s" in labels or "parking" in labels, labels


def test_every_segment_is_in_exactly_one_theme(corpus) -> None:
    texts, _ = corpus
    result = suggest_themes(texts, 4, seed=3)
    members = [i for theme in result.themes for i in theme.members]
    assert sorted(members) == list(range(len(texts)))
    assert sum(t.size for t in result.themes) == len(texts)
    for theme in result.themes:
        assert theme.representative in theme.members
        assert all(result.assignment[i] == theme.id for i in theme.members)
    sizes = [t.size for t in result.themes]
    assert sizes == sorted(sizes, reverse=True)  # ids run from the largest theme


def test_auto_k_gives_scores_and_a_reason(corpus) -> None:
    texts, _ = corpus
    result = suggest_themes(texts, "auto", seed=0, k_range=(2, 6))
    assert 2 <= result.k <= 6
    assert [s["k"] for s in result.k_scores] == [2, 3, 4, 5, 6]
    assert all({"silhouette", "stability"} <= set(s) for s in result.k_scores)
    assert result.k_reason.startswith(f"k={result.k}:")
    assert result.params["k_mode"] == "auto"
    assert len(result.themes) == result.k


@pytest.mark.parametrize(
    ("texts", "k", "message"),
    [
        ([], 3, "empty"),
        (["one", "two"], 3, "fewer than k"),
        (["a b", "c d"], 0, ">= 1"),
        ([], "auto", "empty"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(texts, k, message: str) -> None:
    with pytest.raises(InputError, match=message):
        suggest_themes(texts, k)


def test_unknown_method_is_refused(corpus) -> None:
    with pytest.raises(InputError, match="unknown"):
        suggest_themes(corpus[0], 3, method="bert")


def test_texts_without_words_still_get_a_theme() -> None:
    texts = ["...", "!!!", "Nothing.", "Nothing at all", "The parking", "Parking is bad"]
    result = suggest_themes(texts, 2, seed=0)
    assert sorted(i for t in result.themes for i in t.members) == list(range(6))
    if wordllama_available():  # the static vectors compare punctuation too
        assert suggest_themes(["...", "!!!", "?"], 2, seed=0).k == 2
    with pytest.raises(InputError, match="no words"):
        suggest_themes(["...", "!!!", "?"], 2, seed=0, method="lsa")


def test_class_tfidf_matches_the_formula() -> None:
    from scipy.sparse import csr_matrix

    # two classes, terms x y z; class 0 = docs 0,1, class 1 = doc 2
    counts = csr_matrix(np.array([[2, 0, 1], [1, 0, 0], [0, 3, 1]]))
    weights = class_tfidf(counts, np.array([0, 0, 1]), 2)
    per_class = np.array([[3, 0, 1], [0, 3, 1]], dtype=float)
    tf = per_class / per_class.sum(axis=1, keepdims=True)
    idf = np.log(1 + per_class.sum() / 2 / per_class.sum(axis=0))
    assert np.allclose(weights, tf * idf)
    assert weights[0].argmax() == 0 and weights[1].argmax() == 1


def test_keywords_are_lemmas_without_stop_words(corpus) -> None:
    texts, gold = corpus
    topic_ids = {name: i for i, name in enumerate(TOPICS)}
    keywords = theme_keywords(texts, np.array([topic_ids[g] for g in gold]), 3, top=5)
    every = {w for words in keywords for w in words}
    assert "the" not in every and "and" not in every
    assert any(w in keywords[topic_ids["food"]] for w in ("meal", "food", "lunch"))
    assert label_of([]) == "(no distinctive words)"
    assert label_of(["a", "b", "c", "d"]) == "a / b / c"


@pytest.mark.skipif(not wordllama_available(), reason="wordllama is not installed")
def test_auto_uses_the_static_vectors_without_importing_their_loader() -> None:
    import sys

    embedder = Embedder("auto")
    vectors = embedder.fit_transform(["the nurse was kind", "the staff were lovely", "parking"])
    assert embedder.method == "wordllama+lsa"
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert "wordllama" not in sys.modules  # its loader may fetch files; only its data is read
