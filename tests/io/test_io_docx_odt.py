"""Word and OpenDocument files, written with their own libraries."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, LineBreak, P, S, Span, Tab

from tests.conftest import shared_path
from themecoder.core.errors import InputError
from themecoder.io import read_document
from themecoder.io.decode import normalise_text


def spoken(document) -> list[tuple[str | None, str]]:
    return [(t.speaker, document.text[t.start : t.end]) for t in document.turns]


def write_docx(path: Path, paragraphs: list[list[tuple[str, bool]]], table: list[str] = ()) -> Path:
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, bold in runs:
            paragraph.add_run(text).bold = bold or None
    if table:
        cells = document.add_table(rows=1, cols=len(table)).rows[0].cells
        for cell, text in zip(cells, table, strict=True):
            cell.text = text
    document.save(str(path))
    return path


def test_docx_bold_speaker_runs_are_turns(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "interview-ana.docx",
        [
            [("Interviewer:", True), (" How did you start selling online?", False)],
            [("Ana Putri", True), (": Through a WhatsApp group – ", False), ("really", True)],
            [],
            [("Interviewer:", True), (" And then? 😀 Café", False)],
            [("Ana Putri:", True), ("\tInstagram.", False)],
        ],
    )
    (document,) = read_document(path)
    assert document.name == "interview-ana"
    assert document.source_format == "docx"
    assert document.kind == "interview"
    assert spoken(document) == [
        ("Interviewer", "How did you start selling online?"),
        ("Ana Putri", "Through a WhatsApp group – really"),
        ("Interviewer", "And then? 😀 Café"),
        ("Ana Putri", "Instagram."),
    ]
    assert document.text.split("\n")[2] == ""  # the empty paragraph reads as in the file


def test_docx_bold_labels_longer_than_plain_text_labels(tmp_path: Path) -> None:
    long_label = "Moderator (Dr. Ana Putri, lead facilitator):"
    path = write_docx(
        tmp_path / "fg.docx",
        [
            [(long_label, True), (" Welcome.", False)],
            [("P1:", True), (" Thanks.", False)],
            [(long_label, True), (" Shall we start?", False)],
            [("P2:", True), (" Yes.", False)],
            [("P3:", True), (" Ok.", False)],
            [("P3:", True), (" Sure.", False)],
        ],
    )
    (document,) = read_document(path)
    assert spoken(document)[0] == ("Moderator (Dr. Ana Putri, lead facilitator)", "Welcome.")
    assert document.kind == "focus-group"


def test_docx_paragraphs_without_labels_and_table_cells(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "notes.docx",
        [[("Market day, first visit.", False)], [("Stalls opened ", False), ("late", True)]],
        table=["Cell one text", "Cell two text"],
    )
    (document,) = read_document(path)
    assert document.kind == "observation"
    assert spoken(document) == [
        (None, "Market day, first visit."),
        (None, "Stalls opened late"),
        (None, "Cell one text"),
        (None, "Cell two text"),
    ]


def test_docx_bold_headings_that_end_with_a_colon_are_not_speakers(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "report.docx",
        [
            [("Background:", True)],
            [("The training ran for six weeks.", False)],
            [("Findings:", True)],
            [("Most participants began posting weekly.", False)],
            [("Next steps:", True)],
            [("A follow-up visit in March.", False)],
        ],
    )
    (document,) = read_document(path)
    assert {turn.speaker for turn in document.turns} == {None}
    assert len(document.turns) == 6


def _odt_with_bold_style() -> tuple[OpenDocumentText, Style]:
    document = OpenDocumentText()
    bold = Style(name="Bold", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    return document, bold


def test_odt_spans_spaces_tabs_line_breaks_and_bold_labels(tmp_path: Path) -> None:
    document, bold = _odt_with_bold_style()
    document.text.addElement(H(outlinelevel=1, text="Interview 4"))
    for label, words in [("Interviewer:", "How is "), ("Sari", "I sell "), ("Interviewer:", "Ok")]:
        paragraph = P()
        paragraph.addElement(Span(stylename=bold, text=label))
        if not label.endswith(":"):
            paragraph.addText(":")
        paragraph.addText(" " + words)
        paragraph.addElement(S(c=3))
        paragraph.addText("business?")
        paragraph.addElement(Tab())
        paragraph.addText("Café")
        paragraph.addElement(LineBreak())
        paragraph.addText("next line")
        document.text.addElement(paragraph)
    path = tmp_path / "sari.odt"
    document.save(str(path))
    (parsed,) = read_document(path)
    assert parsed.source_format == "odt"
    assert parsed.text.startswith("Interview 4\nInterviewer: How is    business?\tCafé\nnext line")
    assert spoken(parsed) == [
        (None, "Interview 4"),
        ("Interviewer", "How is    business?\tCafé\nnext line"),
        ("Sari", "I sell    business?\tCafé\nnext line"),
        ("Interviewer", "Ok   business?\tCafé\nnext line"),
    ]


def test_odt_tables_and_lists_in_body_order(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(P(text="Before the table."))
    table = Table(name="T")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for text in ("Left cell", "Right cell"):
        cell = TableCell()
        cell.addElement(P(text=text))
        row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(P(text="After the table."))
    path = tmp_path / "table.odt"
    document.save(str(path))
    (parsed,) = read_document(path)
    assert parsed.text == "Before the table.\nLeft cell\nRight cell\nAfter the table."
    assert len(parsed.turns) == 4


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".xlsx"])
def test_truncated_zip_files_are_refused(tmp_path: Path, suffix: str) -> None:
    good = write_docx(tmp_path / "good.docx", [[("Some text here.", False)]])
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(InputError, match=rf"broken\{suffix}: truncated or corrupt"):
        read_document(path, text_column="answer")


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".xlsx"])
def test_a_zip_that_is_not_the_format_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"photos{suffix}"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff not really")
    with pytest.raises(InputError, match=rf"photos\{suffix}: not a"):
        read_document(path, text_column="answer")


def test_a_docx_with_broken_xml_is_refused(tmp_path: Path) -> None:
    good = write_docx(tmp_path / "good.docx", [[("Some text here.", False)]])
    path = tmp_path / "bad-xml.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(InputError, match=r"bad-xml\.docx: not a readable Word document"):
        read_document(path)


def test_an_xlsx_renamed_to_docx_is_refused(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "sheet.docx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError, match=r"sheet\.docx: not a readable Word document"):
        read_document(path)


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_documents_without_text_are_empty(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"blank{suffix}"
    if suffix == ".docx":
        write_docx(path, [[("   ", False)]])
    else:
        OpenDocumentText().save(str(path))
    with pytest.raises(InputError, match=rf"blank\{suffix}: empty file"):
        read_document(path)


@pytest.mark.parametrize("name", ["ID1.docx", "ID2.odt"])
def test_real_qualcoder_examples(name: str) -> None:
    path = shared_path("realdata", "transcripts", "qualcoder-examples", name)
    (document,) = read_document(path)
    assert document.kind == "observation"
    assert len(document.turns) == 3
    assert normalise_text(document.text) == document.text
    assert all(document.text[t.start : t.end].strip() for t in document.turns)
    assert "€" in document.text


def test_docx_tracked_changes_content_controls_and_text_boxes(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    paragraph = document.add_paragraph("Kept ")
    paragraph._p.append(
        parse_xml(f"<w:ins {ns} w:id='1' w:author='a'><w:r><w:t>inserted</w:t></w:r></w:ins>")
    )
    paragraph._p.append(
        parse_xml(
            f"<w:del {ns} w:id='2' w:author='a'><w:r><w:delText> deleted</w:delText></w:r></w:del>"
        )
    )
    paragraph._p.append(parse_xml(f"<w:r {ns}><w:tab/><w:t>tab</w:t><w:br/><w:t>break</w:t></w:r>"))
    body = document.element.body
    control = parse_xml(
        f"<w:sdt {ns}><w:sdtContent><w:p><w:r><w:t>In a content control</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    body.insert(body.index(paragraph._p) + 1, control)
    path = tmp_path / "changes.docx"
    document.save(str(path))
    (parsed,) = read_document(path)
    assert parsed.text == "Kept inserted\ttab\nbreak\nIn a content control"
    assert spoken(parsed) == [(None, "Kept inserted\ttab\nbreak"), (None, "In a content control")]


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)


def _with_entity_bomb(source: Path, target: Path, member: str) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as bomb:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == member:
                xml = data.decode("utf-8")
                declaration_end = xml.index("?>") + 2
                xml = xml[:declaration_end] + LAUGHS + xml[declaration_end:]
                data = xml.replace("hello", "&lol9;").encode("utf-8")
            bomb.writestr(item, data)
    return target


def test_billion_laughs_are_refused_at_once(tmp_path: Path) -> None:
    import time

    good_docx = write_docx(tmp_path / "good.docx", [[("hello", False)]])
    good_odt = OpenDocumentText()
    good_odt.text.addElement(P(text="hello"))
    good_odt.save(str(tmp_path / "good.odt"))
    bombs = [
        _with_entity_bomb(good_docx, tmp_path / "bomb.docx", "word/document.xml"),
        _with_entity_bomb(tmp_path / "good.odt", tmp_path / "bomb.odt", "content.xml"),
    ]
    for bomb in bombs:
        started = time.perf_counter()
        with pytest.raises(InputError, match=rf"^{bomb}: not a readable"):
            read_document(bomb)
        assert time.perf_counter() - started < 2.0
