"""The shapes real tools give REFI-QDA projects, built by hand: layouts, line ends, memos, cases."""

from __future__ import annotations

import zipfile
from pathlib import Path

from themecoder.io.refi import read_qde, read_qdpx

ANA = "11111111-1111-4111-8111-111111111111"
BEN = "22222222-2222-4222-8222-222222222222"
CODE_A = "aaaaaaaa-0000-4000-8000-000000000001"
CODE_B = "aaaaaaaa-0000-4000-8000-000000000002"
SOURCE = "bbbbbbbb-0000-4000-8000-000000000001"
SEL_1 = "cccccccc-0000-4000-8000-000000000001"
SEL_2 = "cccccccc-0000-4000-8000-000000000002"
CODING_1 = "dddddddd-0000-4000-8000-000000000001"
CODING_2 = "dddddddd-0000-4000-8000-000000000002"
CODING_3 = "dddddddd-0000-4000-8000-000000000003"
NOTE = "eeeeeeee-0000-4000-8000-00000000000{}"
TEXT = "\ufeffline one\r\nsecond line\r\nthird 😀 line"


def qde(sources: str, extra: str = "", before_sources: str = "", origin: str = "Tool 1") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="shapes" origin="{origin}">
  <Users><User guid="{ANA}" name="ana"/><User guid="{BEN.upper()}" id="BN"/></Users>
  <CodeBook><Codes>
    <Code guid="{CODE_A}" name="A" isCodable="false">
      <Description>all about A</Description>
      <NoteRef targetGUID="{NOTE.format(1)}"/>
      <Code guid="{{{CODE_B.upper()}}}" name="B" isCodable="true" color="#ABC"/>
    </Code>
  </Codes></CodeBook>
  {before_sources}
  <Sources>{sources}</Sources>
  {extra}
</Project>"""


def text_source(path: str = "internal://text.txt", inner: str = "", guid: str = SOURCE) -> str:
    return f'<TextSource guid="{guid}" name="interview" plainTextPath="{path}">{inner}</TextSource>'


def selection(guid: str, start: int, end: int, inner: str) -> str:
    attrs = f'guid="{guid}" startPosition="{start}" endPosition="{end}" creatingUser="{ANA}"'
    return f"<PlainTextSelection {attrs}>{inner}</PlainTextSelection>"


def coding(guid: str, code: str, user: str = "") -> str:
    who = f' creatingUser="{user}"' if user else ""
    return f'<Coding guid="{guid}"{who}><CodeRef targetGUID="{code}"/></Coding>'


def make_qdpx(
    path: Path, project: str, files: dict[str, bytes], qde_name: str = "project.qde"
) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(qde_name, project.encode("utf-8"))
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def test_bom_crlf_capital_sources_and_a_nested_qde(tmp_path: Path) -> None:
    second = TEXT.index("second") - 1  # positions count the file without its BOM, CRLF as 2
    inner = selection(SEL_1, second, second + 6, coding(CODING_1, CODE_B))
    files = {"export/Sources/text.txt": TEXT.encode("utf-8")}
    path = make_qdpx(tmp_path / "p.qdpx", qde(text_source(inner=inner)), files, "export/p.qde")
    project = read_qdpx(path)
    source = project.sources[0]
    assert source.text == "line one\nsecond line\nthird 😀 line"
    found = source.selections[0]
    assert source.text[found.start : found.end] == "second"
    assert found.code_guids == [CODE_B]


def test_guids_are_canonical_and_codes_keep_their_marks(tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", qde(""), {})
    project = read_qdpx(path)
    assert [c.path for c in project.codes] == ["A", "A/B"]
    assert project.codes[1].guid == CODE_B
    assert project.codes[1].color == "#aabbcc"
    assert project.codes[0].description == "all about A"
    assert project.uncodable_codes == {CODE_A}
    assert project.user_names() == {ANA: "ana", BEN: "BN"}


def test_several_codings_per_selection_and_a_whole_text_coding(tmp_path: Path) -> None:
    codings = coding(CODING_1, CODE_A, ANA) + coding(CODING_2, f"{{{CODE_B}}}", BEN)
    inner = selection(SEL_1, 0, 4, codings) + selection(SEL_2, 20, 10, coding(CODING_3, CODE_B))
    inner += coding("dddddddd-0000-4000-8000-000000000009", CODE_A)
    files = {"sources/text.txt": TEXT.encode("utf-8")}
    project = read_qdpx(make_qdpx(tmp_path / "p.qdpx", qde(text_source(inner=inner)), files))
    first, backwards, whole = project.sources[0].selections
    assert [(c.code_guid, c.creating_user) for c in first.codings] == [(CODE_A, ANA), (CODE_B, BEN)]
    assert (backwards.start, backwards.end) == (9, 19)  # sorted, CRLF before it counted once
    assert backwards.codings[0].creating_user == ANA  # from its selection
    assert (whole.start, whole.end) == (0, len(project.sources[0].text or ""))


def test_memos_in_their_several_shapes(tmp_path: Path) -> None:
    sel = selection(
        SEL_1, 0, 4,
        "<Description>a quotation comment</Description>"
        + coding(CODING_1, CODE_A).replace("</Coding>", f'<NoteRef targetGUID="{NOTE.format(2)}"/></Coding>')
        + f'<NoteRef targetGUID="{NOTE.format(3)}"/>',
    )  # fmt: skip
    sel2 = selection(SEL_2, 5, 8, f'<NoteRef targetGUID="{NOTE.format(3)}"/>')
    source = text_source(inner=f"<Description>about the file</Description>{sel}{sel2}")
    notes = (
        "".join(
            f'<Note guid="{NOTE.format(n)}" name="n{n}"><PlainTextContent>memo {n}\r\nline</PlainTextContent></Note>'
            for n in (1, 2, 3, 4, 5)
        )
        + f'<Note guid="{NOTE.format(6)}" name="n6" plainTextPath="internal://memo.txt"/>'
    )
    links = f'<Links><Link guid="{NOTE.format(9)}" originGUID="{NOTE.format(5)}" targetGUID="{SEL_2}"/></Links>'
    extra = f"<Notes>{notes}</Notes>{links}<Description>the project</Description>"
    files = {"sources/text.txt": TEXT.encode(), "sources/memo.txt": "\ufefffrom a file".encode()}
    project = read_qdpx(make_qdpx(tmp_path / "p.qdpx", qde(source, extra), files))
    assert [n.text for n in project.notes_for("code", CODE_A)] == ["memo 1\nline"]
    assert [n.name for n in project.notes_for("coding", CODING_1)] == ["n2"]
    assert [n.name for n in project.notes_for("selection", SEL_1)] == ["n3", ""]
    assert [n.name for n in project.notes_for("selection", SEL_2)] == ["n3", "n5"]
    copies = [n.guid for n in project.notes if n.name == "n3"]
    assert copies[0] == NOTE.format(3) and copies[1] != copies[0]
    assert [n.text for n in project.notes_for("source", SOURCE)] == ["about the file"]
    project_notes = {n.text for n in project.notes_for("project")}
    assert project_notes == {"memo 4\nline", "from a file", "the project"}


def test_cases_and_variables(tmp_path: Path) -> None:
    age, role = "99999999-0000-4000-8000-000000000001", "99999999-0000-4000-8000-000000000002"
    variables = (
        f'<Variables><Variable guid="{age}" name="age" typeOfVariable="Integer"/>'
        f'<Variable guid="{role}" name="role" typeOfVariable="Text"/></Variables>'
    )
    value = '<VariableValue><VariableRef targetGUID="{}"/><{}>{}</{}></VariableValue>'
    case = (
        f'<Cases><Case guid="{NOTE.format(7)}" name="P01">'
        + value.format(age, "IntegerValue", 34, "IntegerValue")
        + f'<SourceRef targetGUID="{SOURCE}"/></Case></Cases>'
    )
    source = text_source(inner=value.format(role, "TextValue", "teacher", "TextValue"))
    files = {"sources/text.txt": b"some text"}
    project = read_qdpx(
        make_qdpx(tmp_path / "p.qdpx", qde(source, before_sources=variables + case), files)
    )
    assert [(v.name, v.type) for v in project.variables] == [("age", "Integer"), ("role", "Text")]
    assert project.cases[0].name == "P01"
    assert project.cases[0].variables == {"age": "34"}
    assert project.cases[0].source_guids == [SOURCE]
    assert project.sources[0].variables == {"role": "teacher"}


def test_source_paths_bare_encoded_and_in_a_folder_beside_the_qde(tmp_path: Path) -> None:
    sources = text_source("my%20text.txt", guid=SOURCE) + text_source(
        "internal://other.txt", guid=SEL_1
    )
    folder = tmp_path / "unpacked"
    (folder / "Sources").mkdir(parents=True)
    (folder / "Sources" / "My Text.txt").write_bytes(b"first")
    (folder / "OTHER.TXT").write_bytes(b"second")
    (folder / "p.qde").write_text(qde(sources), encoding="utf-8")
    project = read_qde(folder / "p.qde", folder)
    assert [s.text for s in project.sources] == ["first", "second"]
    assert [s.text for s in read_qde(folder / "p.qde").sources] == [None, None]


def test_a_coding_of_an_unknown_code_is_dropped_with_a_warning(tmp_path: Path) -> None:
    unknown = "ffffffff-0000-4000-8000-000000000000"
    inner = selection(SEL_1, 0, 4, coding(CODING_1, unknown) + coding(CODING_2, CODE_A))
    project = read_qdpx(
        make_qdpx(tmp_path / "p.qdpx", qde(text_source(inner=inner)), {"sources/text.txt": b"text"})
    )
    assert project.sources[0].selections[0].code_guids == [CODE_A]
    assert any(unknown in warning for warning in project.warnings)


def test_a_guid_used_twice_is_replaced_with_a_warning(tmp_path: Path) -> None:
    inner = selection(SEL_1, 0, 2, coding(CODING_1, CODE_A))
    inner += selection(SEL_1, 2, 4, coding(CODING_2, CODE_B))
    files = {"sources/text.txt": b"text"}
    project = read_qdpx(make_qdpx(tmp_path / "p.qdpx", qde(text_source(inner=inner)), files))
    first, second = project.sources[0].selections
    assert first.guid == SEL_1 and second.guid != SEL_1
    assert any("repeats the GUID" in warning for warning in project.warnings)
