"""Codes and themes: nearest code, groups of codes, code suggestions, quality measures."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.core.test_themes_clustering import synthetic_corpus
from themecoder.core.errors import InputError
from themecoder.core.model import CodeDef
from themecoder.core.themes import (
    CodeSuggester,
    code_texts_of,
    group_codes,
    nearest_codes,
    suggest_themes,
)
from themecoder.core.themes.quality import ari, nmi, npmi_coherence, topic_diversity

CODE_TEXTS = {
    "Environment/Food": ["Food", "Meals, drinks and catering on the ward", "the lunch was cold"],
    "Access/Parking": ["Parking", "Car parks, parking spaces and their cost"],
    "Access/Waiting": "Waiting times: weeks or months waiting for an appointment or referral",
}


def test_each_theme_gets_its_nearest_code() -> None:
    texts, gold = synthetic_corpus()
    result = suggest_themes(texts, 3, seed=0)
    nearest = nearest_codes(result.centroids, CODE_TEXTS, result.embedder)
    expected = {
        "food": "Environment/Food",
        "parking": "Access/Parking",
        "waiting": "Access/Waiting",
    }
    for theme, match in zip(result.themes, nearest, strict=True):
        topic = max(set(gold), key=[gold[i] for i in theme.members].count)
        assert match is not None and match[0] == expected[topic]
        assert -1.0 <= match[1] <= 1.0
    assert nearest_codes(result.centroids, {}, result.embedder) == [None, None, None]
    named = suggest_themes(texts, 3, seed=0, code_texts=CODE_TEXTS)
    assert [t.nearest_code for t in named.themes] == nearest


def test_code_texts_gather_name_description_examples_and_excerpts() -> None:
    code = CodeDef("Access/Car_parking", description="Parking", examples=["no spaces"])
    assert code_texts_of(code, ["paid £5"]) == ["Car parking", "Parking", "no spaces", "paid £5"]


def test_groups_follow_co_occurrence() -> None:
    # A and B tag the same segments, C and D tag the same segments, E stands alone
    segments = {
        "A": {1, 2, 3, 4},
        "B": {1, 2, 3, 5},
        "C": {10, 11, 12},
        "D": {10, 11, 12, 13},
        "E": {20},
    }
    docs = {"A": {1}, "B": {1}, "C": {2}, "D": {2}, "E": {3}}
    grouping = group_codes(segments, docs)
    assert [g.codes for g in grouping.groups] == [["C", "D"], ["A", "B"]]
    cd = grouping.groups[0]
    assert cd.score == pytest.approx((0.4 * 0.75 + 0.2 * 1.0) / 0.6, abs=1e-4)
    pair = cd.evidence[0]
    assert pair["codes"] == ["C", "D"] and pair["shared_segments"] == 3
    assert pair["segment_ids"] == [10, 11, 12] and pair["shared_documents"] == 1
    assert pair["segments_similarity"] == 0.75 and "excerpts_similarity" not in pair
    assert grouping.linkage.shape == (4, 4)  # the whole tree, for display


def test_groups_use_excerpt_similarity_when_given() -> None:
    segments = {c: {i} for i, c in enumerate(CODE_TEXTS)}  # no co-occurrence at all
    docs = {c: {i} for i, c in enumerate(CODE_TEXTS)}
    texts = dict(CODE_TEXTS) | {"Access/Waiting": ["Waiting for parking spaces in the car park"]}
    grouping = group_codes(segments, docs, texts, min_score=0.0)
    sims = dict(
        zip(
            grouping.codes, grouping.similarity[grouping.codes.index("Access/Parking")], strict=True
        )
    )
    assert sims["Access/Waiting"] > sims["Environment/Food"]
    assert "excerpts" in grouping.params["weights"]


def test_grouping_needs_two_codes() -> None:
    with pytest.raises(InputError, match="at least 2"):
        group_codes({"A": {1}}, {"A": {1}})


def _examples() -> list[tuple[str, str]]:
    texts, gold = synthetic_corpus(per_topic=8, seed=5)
    return list(zip(texts, gold, strict=True))


def test_suggester_learns_and_scores_sum_to_one() -> None:
    suggester = CodeSuggester(seed=0).fit(_examples())
    suggestions = suggester.predict(["The parking was awful, no spaces", "Lunch was cold"])
    assert [s.code for s in suggestions] == ["parking", "food"]
    for s in suggestions:
        assert math.isclose(sum(s.scores.values()), 1.0, abs_tol=1e-3)
        assert s.score == max(s.scores.values())
    assert suggester.params()["codes"] == 3 and suggester.temperature > 0


def test_suggester_skips_codes_with_too_few_examples() -> None:
    examples = _examples() + [("the chaplain visited", "spiritual")] * 4
    suggester = CodeSuggester(seed=0).fit(examples, code_examples={"waiting": ["long waits"]})
    assert "spiritual" not in suggester.codes
    assert suggester.notes == ["spiritual: skipped, 4 example(s), fewer than 5"]
    # a code's description and examples count as examples
    enough = CodeSuggester(seed=0).fit(examples, code_examples={"spiritual": ["chaplaincy"]})
    assert "spiritual" in enough.codes and enough.notes == []


def test_suggester_abstains_when_the_top_two_are_close() -> None:
    same = [
        "staff were kind",
        "nurses were lovely",
        "the doctor was kind",
        "kind staff",
        "lovely nurses",
    ]
    examples = [(t, "staff") for t in same] + [(t, "people") for t in same] + _examples()
    suggester = CodeSuggester(seed=0, margin=0.05).fit(examples)
    tie = suggester.predict(["the nurses were kind"])[0]
    assert tie.abstained and tie.code is None
    assert abs(tie.scores["staff"] - tie.scores["people"]) < 0.05
    clear = suggester.predict(["parking spaces in the car park"])[0]
    assert not clear.abstained and clear.code == "parking"


@pytest.mark.parametrize(
    ("examples", "message"),
    [([], "no codings"), ([("a", "x")] * 6, "at least 2 are needed")],
)
def test_suggester_refuses_too_little_to_learn_from(examples, message: str) -> None:
    with pytest.raises(InputError, match=message):
        CodeSuggester().fit(examples)


def test_agreement_with_gold_labels() -> None:
    gold = ["a", "a", "b", "b"]
    assert nmi(gold, [1, 1, 0, 0]) == pytest.approx(1.0)
    assert ari(gold, [1, 1, 0, 0]) == pytest.approx(1.0)
    assert ari(gold, [0, 1, 0, 1]) < 0
    with pytest.raises(InputError, match="4 gold labels but 3"):
        nmi(gold, [1, 1, 0])


def test_npmi_and_diversity() -> None:
    docs = [["car", "park"], ["car", "park"], ["food", "cold"], ["food", "cold"], ["car"]]
    scores = npmi_coherence([["car", "park"], ["food", "cold"], ["car", "food"]], docs)
    p_car, p_park = 3 / 5, 2 / 5
    assert scores[0] == pytest.approx(math.log((2 / 5) / (p_car * p_park)) / -math.log(2 / 5))
    assert scores[1] == pytest.approx(1.0)  # always together
    assert scores[2] == -1.0  # never together
    assert math.isnan(npmi_coherence([["car"]], docs)[0])
    assert topic_diversity([["a", "b"], ["b", "c"]]) == 0.75
    assert np.isnan(topic_diversity([]))
