"""Matching a source's codes to the project's: `--map OLD=NEW` and near-duplicate names."""

from __future__ import annotations

import pytest

from themecoder.core.code_matching import mapped_path, near_duplicates, parse_code_map
from themecoder.core.errors import InputError

PROJECT = ["barriers", "barriers/limited-digital-knowledge", "barriers/cost-and-connectivity",
           "outcomes", "outcomes/confidence", "outcomes/sales-growth", "trust"]


def test_map_pairs_parse_and_carry_children_along() -> None:
    mapping = parse_code_map(["old/a = new/b", "x=y/"])
    assert mapping == {"old/a": "new/b", "x": "y"}
    assert mapped_path("old/a", mapping) == "new/b"
    assert mapped_path("old/a/child/leaf", mapping) == "new/b/child/leaf"
    assert mapped_path("old/ab", mapping) == "old/ab"


@pytest.mark.parametrize(("pairs", "message"), [
    (["a"], "expected OLD=NEW"), (["=b"], "expected OLD=NEW"), (["a="], "expected OLD=NEW"),
    (["a=b", "a=c"], "already mapped"), (["a=b", "b=c"], "both mapped and a target"),
])
def test_bad_map_pairs_are_refused(pairs: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_code_map(pairs)


def test_near_duplicates_find_typos_and_moved_codes_but_not_short_lookalikes() -> None:
    incoming = ["barriers/limited-digital-knowlege", "confidence", "outcomes/sales-growht",
                "rust", "outcomes/new-idea"]
    found = {(n.incoming, n.suggestion, n.reason) for n in near_duplicates(incoming, PROJECT)}
    assert found == {
        ("barriers/limited-digital-knowlege", "barriers/limited-digital-knowledge", "similar name"),
        ("confidence", "outcomes/confidence", "same name, other parent"),
        ("outcomes/sales-growht", "outcomes/sales-growth", "similar name"),
    }


def test_a_code_the_source_also_has_is_never_suggested() -> None:
    # the source has both spellings: they are two codes, not a typo
    incoming = ["barriers/limited-digital-knowlege", "barriers/limited-digital-knowledge"]
    assert near_duplicates(incoming, PROJECT) == []
    near = near_duplicates(["barriers/limited-digital-knowlege"], PROJECT)[0]
    assert near.mapping == "barriers/limited-digital-knowlege=barriers/limited-digital-knowledge"
