"""The Codebook: validation, tree order, finding codes, shortcuts, rename and merge mappings."""

from __future__ import annotations

import pytest

from themecoder.core.codebook import (
    Codebook,
    CodeSet,
    normalise_color,
    normalise_path,
    stable_guid,
)
from themecoder.core.errors import InputError, NotFoundError
from themecoder.core.model import CodeDef


def sample() -> Codebook:
    return Codebook.from_codes(
        [
            CodeDef("barriers", description="What stands in the way"),
            CodeDef("barriers/time", shortcut="1"),
            CodeDef("barriers/cost", shortcut="2", color="#ABC"),
            CodeDef("behaviour/social-media", shortcut="3"),
            CodeDef("behaviour/records/digital", shortcut="4"),
            CodeDef("outcomes/time"),
        ],
        name="study",
    )


def paths(codes: list[CodeDef]) -> list[str]:
    return [code.path for code in codes]


def test_missing_parents_are_created_before_their_children() -> None:
    assert paths(sample().codes) == [
        "barriers",
        "barriers/time",
        "barriers/cost",
        "behaviour",
        "behaviour/social-media",
        "behaviour/records",
        "behaviour/records/digital",
        "outcomes",
        "outcomes/time",
    ]


def test_siblings_follow_their_positions_and_are_renumbered() -> None:
    codebook = Codebook.from_codes(
        [CodeDef("a/z", position=7), CodeDef("a/y", position=3), CodeDef("a", position=0)]
    )
    assert paths(codebook.codes) == ["a", "a/y", "a/z"]
    assert [code.position for code in codebook.codes] == [0, 0, 1]


def test_an_explicit_parent_after_its_child_fills_the_implicit_one() -> None:
    codebook = Codebook.from_codes([CodeDef("a/b"), CodeDef("a", description="A")])
    assert paths(codebook.codes) == ["a", "a/b"]
    assert codebook.get("a").description == "A"


def test_input_codes_are_copied_not_shared() -> None:
    given = CodeDef(" a / b ", color="#FFF")
    codebook = Codebook.from_codes([given])
    assert given.path == " a / b " and given.color == "#FFF"
    assert codebook.get("a/b").color == "#ffffff"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("#ABC", "#aabbcc"), ("#1F77B4", "#1f77b4"), (" #00ff00 ", "#00ff00")],
)
def test_colours_are_normalised(value: str, expected: str) -> None:
    assert normalise_color(value) == expected


@pytest.mark.parametrize("value", ["red", "#12", "#12345", "#gggggg", "1f77b4", "#1f77b4ff"])
def test_bad_colours_are_refused(value: str) -> None:
    with pytest.raises(InputError, match="bad colour"):
        Codebook.from_codes([CodeDef("a", color=value)], source="cb.yaml")


@pytest.mark.parametrize("path", ["a//b", "/a", "a/", " ", "a/b\nc", "a/b\x00"])
def test_bad_paths_are_refused(path: str) -> None:
    with pytest.raises(InputError, match="bad code path"):
        Codebook.from_codes([CodeDef(path)])


def test_paths_are_stripped_around_the_slashes() -> None:
    assert normalise_path(" a /  b c ") == "a/b c"


def test_duplicate_paths_are_refused_naming_the_source() -> None:
    with pytest.raises(InputError, match=r"^cb.yaml: duplicate code 'a/b'$"):
        Codebook.from_codes([CodeDef("a/b"), CodeDef("a / b")], source="cb.yaml")


@pytest.mark.parametrize("shortcut", ["12", " ", "\n"])
def test_bad_shortcuts_are_refused(shortcut: str) -> None:
    with pytest.raises(InputError, match="bad shortcut"):
        Codebook.from_codes([CodeDef("a", shortcut=shortcut)])


def test_a_shortcut_used_twice_is_refused() -> None:
    with pytest.raises(InputError, match="shortcut '1' is used by both 'a' and 'b'"):
        Codebook.from_codes([CodeDef("a", shortcut="1"), CodeDef("b", shortcut="1")])


def test_a_guid_used_twice_is_refused_whatever_its_case() -> None:
    guid = "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"
    with pytest.raises(InputError, match="guid"):
        Codebook.from_codes([CodeDef("a", guid=guid), CodeDef("b", guid=guid.lower())])


def test_a_set_naming_an_unknown_code_is_refused() -> None:
    with pytest.raises(InputError, match="unknown codes"):
        Codebook.from_codes([CodeDef("a")], sets=[CodeSet("group", members=["b"])])


def test_children_leaves_and_descendants() -> None:
    codebook = sample()
    assert paths(codebook.children(None)) == ["barriers", "behaviour", "outcomes"]
    assert paths(codebook.children("behaviour")) == ["behaviour/social-media", "behaviour/records"]
    assert paths(codebook.leaves()) == [
        "barriers/time",
        "barriers/cost",
        "behaviour/social-media",
        "behaviour/records/digital",
        "outcomes/time",
    ]
    assert paths(codebook.descendants("behaviour")) == [
        "behaviour/social-media",
        "behaviour/records",
        "behaviour/records/digital",
    ]


@pytest.mark.parametrize(
    ("ref", "path"),
    [
        ("barriers/time", "barriers/time"),
        (" barriers / cost ", "barriers/cost"),
        ("social-media", "behaviour/social-media"),
        ("records/digital", "behaviour/records/digital"),
        ("Social-Media", "behaviour/social-media"),
        ("cost", "barriers/cost"),
        ("barriers", "barriers"),
    ],
)
def test_find_by_path_or_unique_leaf_name(ref: str, path: str) -> None:
    assert sample().find(ref).path == path


def test_find_refuses_an_ambiguous_leaf_name_listing_the_candidates() -> None:
    with pytest.raises(NotFoundError, match="ambiguous: barriers/time, outcomes/time"):
        sample().find("time")


def test_find_suggests_near_matches() -> None:
    with pytest.raises(NotFoundError, match=r"did you mean: .*behaviour/social-media"):
        sample().find("social-madia")


def test_find_in_an_empty_codebook_says_so() -> None:
    with pytest.raises(NotFoundError, match="empty"):
        Codebook().find("x")


def test_shortcut_map_uses_the_codebooks_shortcuts() -> None:
    assert sample().shortcut_map() == {
        "1": "barriers/time",
        "2": "barriers/cost",
        "3": "behaviour/social-media",
        "4": "behaviour/records/digital",
    }


def test_shortcut_map_without_shortcuts_gives_the_first_nine_leaves_1_to_9() -> None:
    codebook = Codebook.from_codes([CodeDef(f"group/c{i:02d}") for i in range(12)])
    keys = codebook.shortcut_map()
    assert list(keys) == [str(i) for i in range(1, 10)]
    assert keys["1"] == "group/c00" and keys["9"] == "group/c08"


def test_renamed_moves_the_children_with_the_code() -> None:
    assert sample().renamed("behaviour/records", "record-keeping") == {
        "behaviour/records": "behaviour/record-keeping",
        "behaviour/records/digital": "behaviour/record-keeping/digital",
    }


def test_renamed_to_a_full_path_or_to_the_top_level() -> None:
    codebook = sample()
    assert codebook.renamed("barriers/cost", "outcomes/cost") == {"barriers/cost": "outcomes/cost"}
    assert codebook.renamed("barriers/cost", "/cost") == {"barriers/cost": "cost"}
    assert codebook.renamed("cost", "cost") == {}


def test_renamed_refuses_an_existing_target_or_a_move_into_itself() -> None:
    codebook = sample()
    with pytest.raises(InputError, match="exists already"):
        codebook.renamed("barriers/cost", "time")
    with pytest.raises(InputError, match="inside itself"):
        codebook.renamed("behaviour", "behaviour/sub")
    with pytest.raises(NotFoundError):
        codebook.renamed("nothing-like-this", "x")


def test_merged_maps_the_code_and_its_children_onto_the_target() -> None:
    assert sample().merged("behaviour/records", "barriers") == {
        "behaviour/records": "barriers",
        "behaviour/records/digital": "barriers/digital",
    }


def test_merged_refuses_itself_and_its_own_child() -> None:
    codebook = sample()
    with pytest.raises(InputError, match="into itself"):
        codebook.merged("barriers", "barriers")
    with pytest.raises(InputError, match="own child"):
        codebook.merged("barriers", "barriers/cost")


def test_remapped_after_a_merge_keeps_the_target_and_appends_moved_children() -> None:
    codebook = sample()
    result = codebook.remapped(codebook.merged("behaviour", "barriers"))
    assert paths(result.codes) == [
        "barriers",
        "barriers/time",
        "barriers/cost",
        "barriers/social-media",
        "barriers/records",
        "barriers/records/digital",
        "outcomes",
        "outcomes/time",
    ]
    assert result.get("barriers").description == "What stands in the way"


def test_remapped_after_a_rename_keeps_the_place_and_fields() -> None:
    codebook = sample()
    result = codebook.remapped(codebook.renamed("barriers/time", "lack-of-time"))
    assert paths(result.children("barriers")) == ["barriers/lack-of-time", "barriers/cost"]
    assert result.get("barriers/lack-of-time").shortcut == "1"


def test_stable_guids_depend_only_on_the_path() -> None:
    assert stable_guid("a/b") == stable_guid("a/b") != stable_guid("a/c")
