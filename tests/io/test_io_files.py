"""Which files an import takes, and the errors for files it cannot take."""

from __future__ import annotations

from pathlib import Path

import pytest

from themecoder.core.errors import InputError
from themecoder.io import SUPPORTED_EXTENSIONS, iter_import_files, read_document


def test_supported_extensions() -> None:
    assert {".txt", ".md", ".docx", ".odt", ".vtt", ".srt", ".csv", ".xlsx", ".qdpx"} <= set(
        SUPPORTED_EXTENSIONS
    )


def test_folders_are_walked_sorted_and_hidden_files_skipped(tmp_path: Path) -> None:
    study = tmp_path / "study"
    for relative in [
        "b.txt", "a.md", "sub/c.vtt", "sub/deeper/d.srt", "notes.pdf", ".hidden.txt",
        ".git/config.txt", "~$lock.docx", "Thumbs.db", "UPPER.TXT",
    ]:  # fmt: skip
        path = study / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", "utf-8")
    files, skipped = iter_import_files([study, study / "b.txt", tmp_path / "missing.txt"])
    assert [p.relative_to(study).as_posix() for p in files] == [
        "UPPER.TXT",
        "a.md",
        "b.txt",
        "sub/c.vtt",
        "sub/deeper/d.srt",
    ]
    reasons = {p.name: reason for p, reason in skipped}
    assert reasons == {
        ".hidden.txt": "hidden file",
        "~$lock.docx": "Office lock file",
        "notes.pdf": "unsupported file type .pdf",
        "missing.txt": "no such file or folder",
    }


def test_a_file_named_directly_is_taken_even_if_hidden(tmp_path: Path) -> None:
    path = tmp_path / ".draft.txt"
    path.write_text("x", "utf-8")
    assert iter_import_files([path]) == ([path], [])


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\t\n", "empty file"),
        ("bom-only.txt", b"\xef\xbb\xbf", "empty file"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("latin.txt", b"caf\xe9 \x81", "undecodable bytes"),
        ("report.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
        ("README", b"text", r"unsupported file type \(no extension\)"),
    ],
)
def test_bad_inputs_raise_one_line_input_errors(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=rf"^{path}: {problem}") as raised:
        read_document(path)
    assert "\n" not in str(raised.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_document(tmp_path / "nope.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(InputError, match=r"folder\.txt: is a folder"):
        read_document(tmp_path / "folder.txt")


def test_markdown_transcript(tmp_path: Path) -> None:
    path = tmp_path / "fg-bandung.md"
    path.write_text(
        "# Focus group, Bandung\n\n**Facilitator:** Who posts daily?\n\n**P1:** I do.\n\n"
        "**P2:** Only on weekends.\n\n**P3:** Not yet.\n\n**Facilitator:** Why not?\n\n"
        "**P3:** Data is expensive.\n",
        "utf-8",
    )
    (document,) = read_document(path)
    assert document.source_format == "md"
    assert document.kind == "focus-group"
    assert document.text.startswith("# Focus group, Bandung\n\n**Facilitator:** Who posts daily?")
    assert [(t.speaker, document.text[t.start : t.end]) for t in document.turns][:3] == [
        (None, "# Focus group, Bandung"),
        ("Facilitator", "Who posts daily?"),
        ("P1", "I do."),
    ]


def test_field_notes_txt_is_an_observation(tmp_path: Path) -> None:
    path = tmp_path / "obs-market.txt"
    path.write_text(
        "Observation, Pasar Baru, 12 May\r\n\r\nNote: arrived 7:10.\r\n\r\n"
        "Ibu Rina photographed her cakes for the WhatsApp status.\r\n\r\n"
        "Two customers asked for the catalogue link.\r\n",
        "utf-8",
    )
    (document,) = read_document(path)
    assert document.kind == "observation"
    assert len(document.turns) == 4
    assert "\r" not in document.text
