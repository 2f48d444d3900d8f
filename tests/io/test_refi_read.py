"""Reading REFI-QDA projects written by real tools (read in place from ../shared) and by hand."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.conftest import shared_path
from themecoder.core.errors import InputError
from themecoder.io.decode import normalise_fragment
from themecoder.io.refi import QdaProject, read_qde, read_qdpx

SAMPLES = ("refi-qda", "samples")
DEMO = ("realdata", "coded", "qc-proctor-demo", "demo.qdpx")
NVIVO_EMOJI = (*SAMPLES, "nvivo-win-12.6_oltas0517.qdpx")

# file: (users, codes, text sources, selections, codings, skipped sources, notes)
REAL_FILES = {
    "atlasti-win-23.2_nested-codes.qdpx": (2, 3, 0, 0, 0, 0, 0),
    "nvivo-mac-15.0_codes-only.qdpx": (2, 262, 2, 0, 0, 0, 0),
    "nvivo-win-12.6_oltas0517.qdpx": (2, 152, 2, 303, 303, 0, 0),
    "demo.qdpx": (1, 262, 2, 158, 205, 0, 0),
    "atlasti-mac-8.4_spec-annexA2_project.qde": (3, 14, 6, 6, 7, 6, 4),
    "nvivo-mac-12.7_project.qde": (2, 152, 2, 297, 297, 0, 0),
    "nvivo-win-12.6_project.qde": (2, 60, 1, 97, 97, 0, 0),
}


def read_any(path: Path) -> QdaProject:
    return read_qdpx(path) if path.suffix == ".qdpx" else read_qde(path)


def counts(project: QdaProject) -> tuple[int, ...]:
    selections = [s for source in project.sources for s in source.selections]
    return (
        len(project.users),
        len(project.codes),
        len(project.sources),
        len(selections),
        sum(len(s.codings) for s in selections),
        len(project.skipped),
        len(project.notes),
    )


def test_every_real_file_is_in_the_table() -> None:
    samples = shared_path(*SAMPLES)
    projects = {p.name for p in samples.iterdir() if p.suffix in (".qde", ".qdpx")}
    assert projects | {"demo.qdpx"} == set(REAL_FILES)


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_real_files_read_with_the_right_counts(name: str) -> None:
    parts = DEMO if name == "demo.qdpx" else (*SAMPLES, name)
    project = read_any(shared_path(*parts))
    assert counts(project) == REAL_FILES[name]
    code_guids = {code.guid for code in project.codes}
    for source in project.sources:
        for selection in source.selections:
            assert all(g in code_guids for g in selection.code_guids)
            if source.text is not None:
                assert 0 <= selection.start <= selection.end <= len(source.text)


def _written_positions(qde: str) -> dict[str, tuple[int, int]]:
    found = re.finditer(r'guid="([^"]+)"[^>]*startPosition="(\d+)" endPosition="(\d+)"', qde)
    return {m[1]: (int(m[2]), int(m[3])) for m in found}


def test_nvivo_utf16_positions_land_on_the_same_words_as_in_nvivo() -> None:
    path = shared_path(*NVIVO_EMOJI)
    project = read_qdpx(path)
    assert project.position_units.startswith("UTF-16")
    with zipfile.ZipFile(path) as archive:
        written = _written_positions(archive.read("project.qde").decode("utf-8"))
        raw_texts = {s.guid: archive.read(f"Sources/{s.guid}.txt") for s in project.sources}
    emoji = same = differs_as_code_points = 0
    for source in project.sources:
        raw = raw_texts[source.guid].decode("utf-8-sig")
        emoji += sum(ord(c) > 0xFFFF for c in raw)
        units = raw.encode("utf-16-le")
        for selection in source.selections:
            start, end = written[selection.guid]
            in_nvivo = normalise_fragment(units[2 * start : 2 * end].decode("utf-16-le"))
            same += source.text[selection.start : selection.end] == in_nvivo
            differs_as_code_points += normalise_fragment(raw[start:end]) != in_nvivo
    assert emoji == 1786
    assert same == 303
    assert differs_as_code_points > 250  # so reading code points would have been wrong


def _on_word_boundary(text: str, offset: int) -> bool:
    if offset in (0, len(text)):
        return True
    return not (text[offset - 1].isalnum() and text[offset].isalnum())


def test_nvivo_emoji_selections_start_and_end_on_word_boundaries() -> None:
    project = read_qdpx(shared_path(*NVIVO_EMOJI))
    selections = [(s.text, x) for s in project.sources for x in s.selections]
    aligned = [
        text for text, x in selections
        if _on_word_boundary(text, x.start) and _on_word_boundary(text, x.end)
    ]  # fmt: skip
    assert len(selections) == 303
    assert len(aligned) >= 300  # the three others start or end mid-word in NVivo too
    first = project.sources[1].selections[0]
    assert project.sources[1].text[first.start : first.end].startswith("Senkit nem lehet")


def test_demo_project_reads_nested_codes_coders_and_quotes() -> None:
    project = read_qdpx(shared_path(*DEMO))
    paths = {code.path for code in project.codes}
    assert "rq1_definition/competencies/programming" in paths
    board = next(s for s in project.sources if s.name == "board_2017")
    first = board.selections[0]
    assert board.text[first.start : first.end].startswith("This district goal is engage")
    coders = {c.creating_user for s in project.sources for x in s.selections for c in x.codings}
    assert coders == {project.users[0].guid}
    assert project.users[0].name == "cp"


def test_spec_example_keeps_memos_sets_and_lists_what_it_skipped() -> None:
    project = read_qde(shared_path(*SAMPLES, "atlasti-mac-8.4_spec-annexA2_project.qde"))
    plan = next(n for n in project.notes if n.name == "Research Plan")
    assert plan.target_kind == "project"
    assert plan.text.startswith("This is a great project")
    quotation = project.notes_for("selection", "b49d7982-bb8e-4335-80af-dc869ccc3f45")
    assert [n.text for n in quotation] == [
        "Mabel is not the only person I know who has Coke for breakfast!"
    ]
    assert any(line.startswith("PDFSource") for line in project.skipped)
    assert {s.name for s in project.sets} >= {"Feelings", "Mabel"}
    feelings = next(s for s in project.sets if s.name == "Feelings")
    assert len(feelings.code_guids) == 6


def test_a_qde_alone_keeps_positions_as_written_and_says_so() -> None:
    project = read_qde(shared_path(*SAMPLES, "nvivo-win-12.6_project.qde"))
    assert project.sources[0].text is None
    assert any("not available" in w for w in project.warnings)


def test_namespace_versions_are_ignored() -> None:
    with zipfile.ZipFile(shared_path(*DEMO)) as archive:
        qde = archive.read("project.qde")
    reference = counts(read_qde(qde))
    for namespace in (b"urn:QDA-XML:project:0:4", b""):
        changed = qde.replace(b' xmlns="urn:QDA-XML:project:1.0"', b' xmlns="' + namespace + b'"')
        assert counts(read_qde(changed)) == reference


def test_a_codebook_file_is_not_a_project() -> None:
    path = shared_path(*SAMPLES, "atlasti-win-23.4_codebook.qdc")
    with pytest.raises(InputError, match=r"^atlasti-win-23.4_codebook.qdc: not a REFI-QDA project"):
        read_qde(path)
