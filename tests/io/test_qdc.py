"""REFI-QDA codebooks: schema-valid export, the real samples, and unsafe XML refused."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
import xmlschema

from tests.conftest import shared_path
from themecoder.core.codebook import Codebook, stable_guid
from themecoder.core.errors import InputError
from themecoder.core.model import CodeDef
from themecoder.io.codebook_files import read_codebook, write_codebook
from themecoder.io.qdc import (
    codebook_to_qdc,
    codes_from_qde_codebook,
    compose_description,
    read_qdc,
    split_description,
)
from themecoder.io.safexml import child_named, parse_xml_bytes

CODES = [
    CodeDef("barriers", description="In the way", color="#D62728"),
    CodeDef("barriers/time", include="hours", exclude="cost", examples=["no time", "later"]),
    CodeDef("outcomes/sales & reach <more>", guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"),
]


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(shared_path("refi-qda", "Codebook.xsd")))


def project_codebook(name: str) -> Codebook:
    """The codebook of a sample `.qde`, or of the project.qde inside a sample `.qdpx`."""
    path = shared_path("refi-qda", "samples", name)
    data = (
        zipfile.ZipFile(path).read("project.qde") if path.suffix == ".qdpx" else path.read_bytes()
    )
    element = child_named(parse_xml_bytes(data, name), "CodeBook")
    assert isinstance(element, Element)
    warnings: list[str] = []
    codes = codes_from_qde_codebook(element, warnings)
    assert all(code.guid for code in codes)
    return Codebook.from_codes(codes, source=name, warnings=warnings)


def test_export_is_valid_against_the_refi_codebook_schema(schema: xmlschema.XMLSchema) -> None:
    schema.validate(codebook_to_qdc(Codebook.from_codes(CODES)).decode("utf-8"))


def test_repeated_exports_are_identical_and_keep_given_guids() -> None:
    first = codebook_to_qdc(Codebook.from_codes(CODES))
    assert first == codebook_to_qdc(Codebook.from_codes(CODES))
    text = first.decode("utf-8")
    assert f'guid="{stable_guid("barriers/time")}"' in text
    assert 'guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"' in text
    assert 'name="sales &amp; reach &lt;more&gt;"' in text


def test_an_empty_codebook_cannot_be_a_qdc() -> None:
    with pytest.raises(InputError, match="at least one code"):
        codebook_to_qdc(Codebook())


def test_criteria_and_examples_travel_in_the_description() -> None:
    code = CODES[1]
    text = compose_description(code)
    assert text == "Include: hours\n\nExclude: cost\n\nExample: no time\n\nExample: later"
    assert split_description(text) == ("", "hours", "cost", ["no time", "later"])
    assert split_description("Plain text\nInclude: not a section") == (
        "Plain text\nInclude: not a section",
        "",
        "",
        [],
    )


def test_atlasti_codebook_with_schema_0_4_and_sets() -> None:
    codebook = read_codebook(shared_path("refi-qda", "samples", "atlasti-win-23.4_codebook.qdc"))
    (code,) = codebook.codes
    assert (code.path, code.description, code.color) == ("code1", "description", "#46aa00")
    assert code.guid == "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"
    assert [(s.name, s.description, s.members) for s in codebook.sets] == [
        ("code group 1", "kategorie 1", ["code1"])
    ]
    assert codebook.warnings == []


def test_taguette_codebook() -> None:
    codebook = read_qdc(shared_path("refi-qda", "samples", "taguette_codebook_from-tests.qdc"))
    assert [c.path for c in codebook.codes] == ["interesting", "people", "interesting\\places"]
    assert codebook.get("people").guid == "DFE5C38E-9449-5959-A1F7-E3D895CFA87F"


@pytest.mark.parametrize(
    ("name", "count", "sample_path"),
    [
        ("atlasti-mac-8.4_spec-annexA2_project.qde", 14, "Coke::diet Coke"),
        ("atlasti-win-23.2_nested-codes.qdpx", 3, "Commits/2022-02-11T10:39:25Z cdbfd92"),
        ("nvivo-win-12.6_project.qde", 60, "2. Perceived Severity – Észlelt súlyosság/Oltás kockázatai/méreg"),
        ("nvivo-mac-12.7_project.qde", 152, "1. Oltás típusa/Nem COVID"),
        ("nvivo-win-12.6_oltas0517.qdpx", 152, "2. Attitűd szint az oltáshoz/zöld"),
        ("nvivo-mac-15.0_codes-only.qdpx", 262, "rq1_definition/competencies/programming"),
    ],
)  # fmt: skip
def test_codebooks_of_real_projects(
    name: str, count: int, sample_path: str, schema: xmlschema.XMLSchema, tmp_path: Path
) -> None:
    codebook = project_codebook(name)
    assert len(codebook) == count
    assert codebook.get(sample_path) is not None
    out = tmp_path / "again.qdc"
    write_codebook(codebook, out)
    schema.validate(str(out))
    assert read_codebook(out).codes == codebook.codes


def test_a_multi_line_nvivo_description_is_kept() -> None:
    codebook = project_codebook("nvivo-win-12.6_oltas0517.qdpx")
    code = codebook.find("2. Attitűd szint az oltáshoz")
    assert code.description.splitlines() == [
        "Erősen szkeptikus (piros)",
        "Enyhén szkeptikus, kétkedő (sárga)",
        "Elfogadó (zöld)",
    ]


def write_qdc_text(tmp_path: Path, body: str, name: str = "book.qdc") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_slashes_repeats_and_bad_colours_in_names_are_repaired_with_warnings(
    tmp_path: Path,
) -> None:
    path = write_qdc_text(
        tmp_path,
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="and/or" isCodable="true"/>'
        '<Code guid="DFE5C38E-9449-5959-A1F7-E3D895CFA87F" name="x" isCodable="true"/>'
        '<Code guid="55BB6892-6F30-5129-8CB8-557A1B12137B" name="x" color="red" isCodable="true"/>'
        "</Codes></CodeBook>",
    )
    codebook = read_qdc(path)
    assert [c.path for c in codebook.codes] == ["and-or", "x", "x (2)"]
    assert codebook.get("x (2)").color is None
    assert len(codebook.warnings) == 3


def test_another_root_element_is_refused(tmp_path: Path) -> None:
    path = write_qdc_text(tmp_path, '<Project xmlns="urn:QDA-XML:project:1.0"/>')
    with pytest.raises(
        InputError, match=r"book.qdc: not a REFI-QDA codebook: its root is <Project>"
    ):
        read_qdc(path)


def test_malformed_xml_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write_qdc_text(tmp_path, "<CodeBook>\n<Codes>\n</CodeBook>\n")
    with pytest.raises(InputError, match=r"book.qdc:3: not well-formed XML: mismatched tag"):
        read_codebook(path)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="book.qdc: the file is empty"):
        read_codebook(write_qdc_text(tmp_path, ""))


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="&lol9;" isCodable="true"/>
</Codes></CodeBook>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="&secret;" isCodable="true"/>
</Codes></CodeBook>
"""

DTD_ONLY = """<?xml version="1.0"?>
<!DOCTYPE CodeBook SYSTEM "http://example.invalid/codebook.dtd">
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>
"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, XXE, DTD_ONLY], ids=["laughs", "xxe", "dtd"])
def test_dtds_and_entities_are_refused_at_once(tmp_path: Path, body: str) -> None:
    path = write_qdc_text(tmp_path, body, "evil.qdc")
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"evil.qdc: refused: the XML has a DTD"):
        read_codebook(path)
    assert time.perf_counter() - started < 0.5


def test_entities_without_a_doctype_are_malformed_not_expanded() -> None:
    with pytest.raises(InputError, match=r"x.qdc:1: not well-formed XML: undefined entity"):
        parse_xml_bytes(b"<CodeBook>&lol;</CodeBook>", "x.qdc")


def test_characters_xml_cannot_hold_are_left_out(schema: xmlschema.XMLSchema) -> None:
    codebook = Codebook.from_codes([CodeDef("a", description="bell\x07 and\ttab")])
    data = codebook_to_qdc(codebook)
    schema.validate(data.decode("utf-8"))
    assert b"bell and\ttab" in data
