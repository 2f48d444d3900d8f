"""Merging an imported codebook into the project's."""

from __future__ import annotations

from themecoder.core.codebook import Codebook, CodeSet, stable_guid
from themecoder.core.model import CodeDef


def project() -> Codebook:
    return Codebook.from_codes(
        [
            CodeDef("barriers/time", description="No time", shortcut="1", color="#ff0000"),
            CodeDef("barriers/cost", description="Too dear", shortcut="2"),
            CodeDef("outcomes/sales", examples=["sold more"]),
        ],
        name="project",
    )


def test_importing_the_same_codebook_changes_nothing() -> None:
    base = project()
    changes = base.merge(project())
    assert changes.count == 0
    assert changes.unchanged == len(base)
    assert changes.summary() == f"0 codes added, 0 updated, {len(base)} unchanged"
    assert changes.codebook == base


def test_new_codes_are_added_after_their_siblings_and_nothing_is_deleted() -> None:
    incoming = Codebook.from_codes([CodeDef("barriers/trust"), CodeDef("leadership/mentoring")])
    changes = project().merge(incoming)
    assert [code.path for code in changes.added] == [
        "barriers/trust",
        "leadership",
        "leadership/mentoring",
    ]
    assert [c.path for c in changes.codebook.children("barriers")] == [
        "barriers/time",
        "barriers/cost",
        "barriers/trust",
    ]
    assert len(changes.codebook) == len(project()) + 3
    assert changes.count == 3 and changes.updated == []


def test_changed_fields_are_updated_and_empty_ones_leave_the_project_alone() -> None:
    incoming = Codebook.from_codes(
        [
            CodeDef("barriers/time", description="Lack of time", color="#FF0000"),
            CodeDef("outcomes/sales", examples=["sold more", "new buyers"]),
        ]
    )
    changes = project().merge(incoming)
    assert {(u.path, u.fields) for u in changes.updated} == {
        ("barriers/time", ("description",)),
        ("outcomes/sales", ("examples",)),
    }
    time = changes.codebook.get("barriers/time")
    assert time.description == "Lack of time"
    assert time.shortcut == "1" and time.color == "#ff0000"  # absent in the import: kept


def test_the_inputs_are_not_modified() -> None:
    base = project()
    base.merge(Codebook.from_codes([CodeDef("barriers/time", description="changed")]))
    assert base.get("barriers/time").description == "No time"


def test_a_guid_equal_to_the_derived_one_is_no_change() -> None:
    incoming = Codebook.from_codes([CodeDef("barriers/cost", guid=stable_guid("barriers/cost"))])
    assert project().merge(incoming).count == 0
    other = "0D62985D-B147-5D01-A9B5-CAE5DCD98342"
    changes = project().merge(Codebook.from_codes([CodeDef("barriers/cost", guid=other)]))
    assert changes.updated[0].fields == ("guid",)


def test_shortcuts_can_be_swapped_by_an_import() -> None:
    incoming = Codebook.from_codes(
        [CodeDef("barriers/time", shortcut="2"), CodeDef("barriers/cost", shortcut="1")]
    )
    changes = project().merge(incoming)
    assert changes.codebook.shortcut_map() == {"2": "barriers/time", "1": "barriers/cost"}
    assert changes.warnings == []


def test_a_shortcut_held_by_another_code_stays_there_with_a_warning() -> None:
    incoming = Codebook.from_codes([CodeDef("outcomes/reach", shortcut="1")])
    changes = project().merge(incoming)
    assert changes.codebook.get("outcomes/reach").shortcut is None
    assert changes.codebook.get("barriers/time").shortcut == "1"
    assert changes.warnings == [
        "shortcut '1' of 'outcomes/reach' not applied: 'barriers/time' has it"
    ]


def test_sets_are_merged_by_name() -> None:
    base = Codebook.from_codes([CodeDef("a"), CodeDef("b")], sets=[CodeSet("g", members=["a"])])
    incoming = Codebook.from_codes(
        [CodeDef("b")], sets=[CodeSet("g", members=["b"]), CodeSet("h", members=["b"])]
    )
    merged = base.merge(incoming).codebook
    assert [(s.name, s.members) for s in merged.sets] == [("g", ["a", "b"]), ("h", ["b"])]
