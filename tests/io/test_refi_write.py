"""Writing `.qdpx`: schema-valid, deterministic, and read back into the same bundle."""

from __future__ import annotations

import copy
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import xmlschema

from tests.conftest import shared_path
from themecoder.core.guids import GUID_NAMESPACE, derived_guid, name_guid
from themecoder.core.model import CodeDef
from themecoder.io.refi import (
    QdaCase,
    QdaCoding,
    QdaNote,
    QdaProject,
    QdaSelection,
    QdaSet,
    QdaSource,
    QdaUser,
    QdaVariable,
    project_xml,
    read_qdpx,
    write_qdpx,
)
from themecoder.io.refi.write import NAMESPACE

ANA, BEN = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
TEXT = "Ana: I liked it 😀 a lot.\nBen: It was hard, ünïcode and 𝒳 too.\n"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(shared_path("refi-qda", "Project-mrt2019.xsd")))


def guid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def full_bundle() -> QdaProject:
    """A bundle using every part of the model."""
    codes = [
        CodeDef(
            "feelings", "How people feel", include="any emotion", color="#aabbcc", guid=guid(1)
        ),
        CodeDef("feelings/joy", examples=["I liked it"], position=0, guid=guid(2)),
        CodeDef("feelings/strain", position=1, guid=guid(3)),
    ]
    liked = TEXT.index("I liked")
    hard = TEXT.index("hard")
    selections = [
        QdaSelection(guid(10), liked, liked + 20, "liked", ANA, "2024-05-01T10:00:00Z", [
            QdaCoding(guid(20), guid(2), ANA, "2024-05-01T10:00:00Z"),
            QdaCoding(guid(21), guid(1), BEN),
        ]),
        QdaSelection(guid(11), hard, len(TEXT.rstrip()), codings=[QdaCoding(guid(22), guid(3), BEN)]),
    ]  # fmt: skip
    source = QdaSource(guid(30), "interview 1", TEXT.rstrip(), selections, {"site": "north"})
    empty = QdaSource(guid(31), "empty", "")
    return QdaProject(
        "study",
        created="2024-05-01T09:00:00Z",
        creating_user=ANA,
        users=[QdaUser(ANA, "ana"), QdaUser(BEN, "ben")],
        codes=codes,
        uncodable_codes={guid(1)},
        variables=[
            QdaVariable(guid(40), "age", "Integer", "age in years"),
            QdaVariable(guid(41), "site", "Text"),
            QdaVariable(guid(42), "joined", "Date"),
        ],
        sources=[source, empty],
        cases=[
            QdaCase(guid(50), "P01", {"age": "34", "joined": "2023-02-01"}, [guid(30)], "first")
        ],
        notes=[
            QdaNote(guid(60), "Project memo\nwith two lines", "plan", "project", None, ANA),
            QdaNote(guid(61), "about the source", "", "source", guid(30)),
            QdaNote(guid(62), "about joy", "", "code", guid(2)),
            QdaNote(
                guid(63), "about the quote", "q", "selection", guid(10), BEN, "2024-05-02T00:00:00Z"
            ),
            QdaNote(guid(64), "about one coding", "", "coding", guid(21)),
        ],
        sets=[QdaSet(guid(70), "group", [guid(2), guid(3)], [guid(30)], "a set")],
    )


def round_trip(project: QdaProject, path: Path, schema: xmlschema.XMLSchema) -> QdaProject:
    write_qdpx(project, path)
    with zipfile.ZipFile(path) as archive:
        schema.validate(archive.read("project.qde").decode("utf-8"))
    return read_qdpx(path)


def test_a_full_bundle_survives_the_round_trip(tmp_path: Path, schema: xmlschema.XMLSchema) -> None:
    project = full_bundle()
    again = round_trip(project, tmp_path / "full.qdpx", schema)
    assert again == project
    assert again.origin.startswith("themecoder ")
    assert again.position_units.startswith("code points")


@pytest.mark.parametrize(
    "parts",
    [
        ("refi-qda", "samples", "nvivo-win-12.6_oltas0517.qdpx"),
        ("refi-qda", "samples", "atlasti-win-23.2_nested-codes.qdpx"),
        ("refi-qda", "samples", "nvivo-mac-15.0_codes-only.qdpx"),
        ("realdata", "coded", "qc-proctor-demo", "demo.qdpx"),
    ],
    ids=lambda parts: parts[-1],
)
def test_real_projects_survive_the_round_trip(
    parts: tuple[str, ...], tmp_path: Path, schema: xmlschema.XMLSchema
) -> None:
    project = read_qdpx(shared_path(*parts))
    assert round_trip(project, tmp_path / "again.qdpx", schema) == project


def test_output_is_deterministic(tmp_path: Path) -> None:
    write_qdpx(full_bundle(), tmp_path / "a.qdpx")
    write_qdpx(full_bundle(), tmp_path / "b.qdpx")
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()


def test_layout_text_files_and_code_point_positions(tmp_path: Path) -> None:
    write_qdpx(full_bundle(), tmp_path / "p.qdpx")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        assert archive.namelist() == [
            "project.qde",
            f"sources/{guid(30)}.txt",
            f"sources/{guid(31)}.txt",
        ]
        data = archive.read(f"sources/{guid(30)}.txt")
        qde = archive.read("project.qde").decode("utf-8")
    assert data == TEXT.rstrip().encode("utf-8")  # UTF-8, no BOM, no CR
    assert f'plainTextPath="internal://{guid(30)}.txt"' in qde
    hard = re.search(rf'guid="{guid(11)}"[^>]*startPosition="(\d+)"', qde)
    assert hard is not None and int(hard[1]) == TEXT.index("hard")  # code points, not UTF-16
    assert int(hard[1]) != len(TEXT[: TEXT.index("hard")].encode("utf-16-le")) // 2


def test_values_that_do_not_fit_their_type_are_written_as_text(
    tmp_path: Path, schema: xmlschema.XMLSchema
) -> None:
    project = full_bundle()
    project.cases[0].variables["age"] = "thirty-four"
    project.sources[0].created = "2024-05-01 10:00:00"  # as SQLite writes it
    project.notes[0].text = "a bell \x07 and a form feed \x0c"
    again = round_trip(project, tmp_path / "p.qdpx", schema)
    assert next(v.type for v in again.variables if v.name == "age") == "Text"
    assert again.cases[0].variables["age"] == "thirty-four"
    assert again.sources[0].created == "2024-05-01T10:00:00"
    assert again.notes[0].text == "a bell  and a form feed"


def test_codes_without_a_guid_or_parent_get_stable_ones(
    tmp_path: Path, schema: xmlschema.XMLSchema
) -> None:
    project = QdaProject("p", codes=[CodeDef("a/b"), CodeDef("c")])
    again = round_trip(project, tmp_path / "p.qdpx", schema)
    assert [c.path for c in again.codes] == ["a", "a/b", "c"]
    assert again.uncodable_codes == {again.codes[0].guid}
    write_qdpx(project, tmp_path / "q.qdpx")
    assert [c.guid for c in read_qdpx(tmp_path / "q.qdpx").codes] == [c.guid for c in again.codes]


@pytest.mark.parametrize("damage", ["no text", "outside", "unknown code"])
def test_an_inconsistent_bundle_is_refused_and_nothing_is_written(
    damage: str, tmp_path: Path
) -> None:
    project = copy.deepcopy(full_bundle())
    if damage == "no text":
        project.sources[1].text = None
    elif damage == "outside":
        project.sources[0].selections[0].end = 10_000
    else:
        project.sources[0].selections[0].codings[0].code_guid = guid(99)
    with pytest.raises(ValueError):
        write_qdpx(project, tmp_path / "p.qdpx")
    assert list(tmp_path.iterdir()) == []


def test_derived_guids_are_the_uuid5_of_their_parts() -> None:
    """GUIDs derived for objects without one must not change between versions: exports of the
    same project are matched by them."""
    parts_list = [("coding", "a", "b", "ana", "0", "12"), ("sélection", "😀", ""), ("x|y",), ()]
    for parts in parts_list:
        expected = str(uuid.uuid5(GUID_NAMESPACE, "|".join(parts)))
        assert derived_guid(*parts) == name_guid("|".join(parts)) == expected


def test_non_canonical_guids_are_written_canonical() -> None:
    project = full_bundle()
    project.sources[0].selections[0].codings[0].guid = "{ABCDEF00-0000-4000-8000-0000000000AA}"
    qde = project_xml(project).decode("utf-8")
    assert '<Coding guid="abcdef00-0000-4000-8000-0000000000aa"' in qde and "ABCDEF" not in qde


TRICKY = 'a & b < c > d "q" \'s\' tab\there\nnew line'


def test_markup_quotes_tabs_and_line_breaks_survive(
    tmp_path: Path, schema: xmlschema.XMLSchema
) -> None:
    project = full_bundle()
    project.name = TRICKY
    project.codes[1] = CodeDef('feelings/a & b < c > "q" \'s\'', guid=guid(2))
    project.sources[0].name = TRICKY
    project.sources[0].selections[0].name = TRICKY
    project.cases[0].variables["age"] = "34"
    project.notes[0].text = TRICKY + " & <b>bold</b>"
    again = round_trip(project, tmp_path / "p.qdpx", schema)
    assert again.name == again.sources[0].name == again.sources[0].selections[0].name == TRICKY
    assert again.codes[1].name == 'a & b < c > "q" \'s\''
    assert again.notes[0].text == TRICKY + " & <b>bold</b>"


def test_the_layout_is_what_elementtree_indent_gives() -> None:
    """The document is written as text; it must read as ElementTree would lay it out (two spaces
    a level, `<Tag />` when empty, line breaks in attributes as character references)."""
    project = full_bundle()
    project.sources[0].selections[0].name = TRICKY
    ours = project_xml(project).decode("utf-8")
    root = ET.fromstring(ours)
    for element in root.iter():
        element.tag = element.tag.removeprefix("{" + NAMESPACE + "}")
    root.attrib = {"xmlns": NAMESPACE, **root.attrib}
    ET.indent(root, space="  ")
    again = ET.tostring(root, encoding="unicode")
    assert ours == '<?xml version="1.0" encoding="utf-8"?>\n' + again + "\n"


def test_members_are_deflated_with_fixed_dates_and_modes(tmp_path: Path) -> None:
    write_qdpx(full_bundle(), tmp_path / "p.qdpx")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        infos = archive.infolist()
        assert archive.testzip() is None
    assert {(i.compress_type, i.date_time, i.external_attr >> 16) for i in infos} == {
        (zipfile.ZIP_DEFLATED, (1980, 1, 1, 0, 0, 0), 0o644)
    }
