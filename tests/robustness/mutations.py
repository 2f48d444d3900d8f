"""Broken files from valid ones: byte mutations, truncation and zip-level damage, for the fuzzers.

`seed_files(folder)` writes one valid file per format (from the sample study where it has one);
`mutate(rng, data, ext)` returns a damaged copy. The same functions drive the hypothesis tests (with a
hypothesis-controlled `random.Random`, so failures shrink) and `benchmarks/fuzz_bench.py`.
"""

from __future__ import annotations

import io
import random
import traceback
import uuid
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import themecoder
from themecoder.core.errors import InputError
from themecoder.core.model import CodeDef

REPO = Path(__file__).resolve().parents[2]
PACKAGE_DIR = str(Path(themecoder.__file__).resolve().parent)
SAMPLE = REPO / "transcripts" / "sample"
_BUG_TYPES = (
    NameError,
    AttributeError,
    TypeError,
    UnboundLocalError,
    AssertionError,
    ZeroDivisionError,
    IndexError,
    KeyError,
)
ZIP_FORMATS = frozenset({".docx", ".odt", ".xlsx", ".qdpx"})
TOKENS = [
    b"\x00",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\r",
    b"\r\n",
    b"\n\n\n",
    b"\t",
    b"\x85",
    b"\xe2\x80\xa8",
    b"\xed\xa0\x80",
    b"\xc3",
    b"\xf0\x9f\x98",
    b"\xf0\x9f\x98\x80",
    b"\x1b[31m",
    b"-->",
    b"00:00:01.000 --> 00:00:00.500",
    b"99:99:99,999 --> 00:00:01,000",
    b"WEBVTT",
    b"NOTE",
    b"<v Sari>",
    b"</v>",
    b"<",
    b">",
    b"&",
    b"&amp;",
    b"&#0;",
    b"&#xD800;",
    b"]]>",
    b"<![CDATA[",
    b'<!DOCTYPE x [<!ENTITY e "ee">]>',
    b"&e;",
    b"<?xml version='1.0'?>",
    b'"',
    b"'",
    b",",
    b";",
    b'"""',
    b"{",
    b"}",
    b"[",
    b"]",
    b"- ",
    b": ",
    b"? ",
    b"!!python/object:os.system",
    b"&a [1]",
    b"*a",
    b"%YAML 1.1",
    b"---",
    b"...",
    b"|",
    b"#",
    b"Interviewer:",
    b"P01:",
    b":" * 50,
    b"9" * 30,
    b"-1",
    b"1e309",
    b"NaN",
    b"a" * 5000,
    b" " * 2000,
    b'<?xml version="1.0" encoding="nope"?>',
    b'encoding="utf-16"',
    b'encoding="u-f-8" ',
    b"xmlns:x=''",
    b'<x:y xmlns:x="urn:x">',
    b"</w:t></w:r></w:p>",
    b"<w:p><w:r><w:t>",
    b'r:id="rId999"',
    b'<text:s text:c="-5"/>',
]
MUTATORS: list[Callable[[random.Random, bytes], bytes]] = []


def _mutator(
    func: Callable[[random.Random, bytes], bytes],
) -> Callable[[random.Random, bytes], bytes]:
    MUTATORS.append(func)
    return func


@_mutator
def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


@_mutator
def insert_token(rng: random.Random, data: bytes) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.choice(TOKENS) + data[at:]


@_mutator
def insert_random(rng: random.Random, data: bytes) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


@_mutator
def delete_slice(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 256) :]


@_mutator
def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


@_mutator
def duplicate_slice(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    piece = data[a : a + rng.randint(1, 512)]
    at = rng.randint(0, len(data))
    return data[:at] + piece * rng.randint(1, 4) + data[at:]


@_mutator
def replace_near_token(rng: random.Random, data: bytes) -> bytes:
    """Swap a few bytes for a token where markup is (the start, a tag, an attribute)."""
    marks = [i for i in range(min(len(data), 4000)) if data[i : i + 1] in (b"<", b'"', b"=")]
    at = rng.choice(marks) if marks and rng.random() < 0.8 else rng.randint(0, len(data))
    return data[:at] + rng.choice(TOKENS) + data[at + rng.randint(0, 24) :]


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    """One to four byte-level mutations stacked."""
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(MUTATORS)(rng, data)
    return data


def mutate_zip(rng: random.Random, data: bytes) -> bytes:
    """Damage a zip package: its raw bytes, or one member's content, name or presence."""
    how = rng.randrange(7)
    if how == 0:
        return mutate_bytes(rng, data)
    if how == 6:
        return zip_header_fields(rng, data)
    members = _members(data)
    names = list(members)
    name = rng.choice(names)
    if how <= 2:  # the XML (or text) inside is where most parsers meet the damage
        xml = [n for n in names if n.endswith((".xml", ".qde", ".txt", ".rels"))] or names
        name = rng.choice(xml)
        members[name] = mutate_bytes(rng, members[name])
    elif how == 3:
        del members[name]
    elif how == 4:
        members[rng.choice(["../escape.txt", "/abs.txt", name.upper(), name + "/", "x" * 300])] = (
            members[name]
        )
    else:
        return _rezip(members, duplicate=name)
    return _rezip(members)


def zip_header_fields(rng: random.Random, data: bytes) -> bytes:
    """Set a header field of one member to what zipfile refuses: an unknown compression method,
    the 'encrypted' flag, a future 'version needed', a huge size."""
    out = bytearray(data)
    headers = [i for i in range(len(out) - 4) if out[i : i + 4] in (b"PK\x01\x02", b"PK\x03\x04")]
    at = rng.choice(headers)
    central = out[at : at + 4] == b"PK\x01\x02"
    field, value = rng.choice(
        [("method", 99), ("method", 14), ("flags", 1), ("version", 66), ("size", 0xFFFFFFF0)]
    )
    offset = {"method": 10, "flags": 8, "version": 6, "size": 24 if central else 22}[field]
    width = 4 if field == "size" else 2
    out[at + offset : at + offset + width] = value.to_bytes(width, "little")
    return bytes(out)


def mutate(rng: random.Random, data: bytes, ext: str) -> bytes:
    return mutate_zip(rng, data) if ext in ZIP_FORMATS else mutate_bytes(rng, data)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _rezip(members: dict[str, bytes], duplicate: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        if duplicate is not None:
            with warnings.catch_warnings():  # "Duplicate name": intended, the zip keeps both
                warnings.simplefilter("ignore")
                archive.writestr(duplicate, b"<x>another copy</x>")
    return buf.getvalue()


# --- the readers under test: each takes a path; only InputError may come out ---


def read_any_document(path: Path) -> object:
    from themecoder.io import read_document

    options = {"text_column": "q_biggest_change", "case_column": "participant_id"}
    return (
        read_document(path, **options) if path.suffix in (".csv", ".xlsx") else read_document(path)
    )


def read_codebook_file(path: Path) -> object:
    from themecoder.io.codebook_files import read_codebook

    return read_codebook(path)


def read_qdpx_file(path: Path) -> object:
    from themecoder.io.refi import read_qdpx

    return read_qdpx(path)


READERS: dict[str, Callable[[Path], object]] = {
    **dict.fromkeys(
        [".txt", ".md", ".docx", ".odt", ".vtt", ".srt", ".csv", ".xlsx"], read_any_document
    ),
    ".yaml": read_codebook_file,
    ".qdc": read_codebook_file,
    ".qdpx": read_qdpx_file,
}


class MaskedBug(AssertionError):
    """A bug in themecoder's own code that a catch-all turned into an InputError."""


def outcome(path: Path) -> str:
    """'accepted', 'input-error', or raises what escaped the reader (a crash)."""
    try:
        READERS[path.suffix](path)
    except InputError as err:
        message = str(err)
        assert message and "\n" not in message, f"not a one-line message: {message!r}"
        _check_not_masked(err)
        return "input-error"
    return "accepted"


def _check_not_masked(err: InputError) -> None:
    """`read_document` turns any library failure into InputError; a NameError, TypeError... raised
    in themecoder's own code is a bug all the same, so it counts as a crash here."""
    cause = err.__cause__ or err.__context__
    if cause is None or isinstance(cause, InputError) or not isinstance(cause, _BUG_TYPES):
        return
    frames = traceback.extract_tb(cause.__traceback__)
    if frames and frames[-1].filename.startswith(PACKAGE_DIR):
        frame = frames[-1]
        raise MaskedBug(
            f"{type(cause).__name__} in {Path(frame.filename).name}:{frame.lineno} "
            f"reported as bad input: {err}"
        ) from cause


# --- valid seed files ---


def seed_files(folder: Path) -> dict[str, Path]:
    """One valid file per reader's format, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = {
        ext: _copy(SAMPLE / name, folder)
        for ext, name in [
            (".txt", "P07-interview.txt"),
            (".md", "P29-interview.md"),
            (".docx", "P05-interview.docx"),
            (".vtt", "P09-interview.vtt"),
            (".srt", "P13-interview.srt"),
            (".csv", "survey-open-ended.csv"),
        ]
    }
    seeds[".yaml"] = _copy(REPO / "codebooks" / "digital-empowerment.yaml", folder)
    seeds[".odt"] = _write_odt(folder / "seed.odt")
    seeds[".xlsx"] = _write_xlsx(seeds[".csv"], folder / "seed.xlsx")
    seeds[".qdc"] = _write_qdc(seeds[".yaml"], folder / "seed.qdc")
    seeds[".qdpx"] = _write_qdpx(seeds[".txt"], folder / "seed.qdpx")
    return seeds


def _copy(source: Path, folder: Path) -> Path:
    target = folder / f"seed{source.suffix}"
    data = source.read_bytes()
    target.write_bytes(data[:6000] if source.suffix in (".txt", ".md") else data)
    return target


def _turn_lines() -> list[str]:
    return (SAMPLE / "P07-interview.txt").read_text(encoding="utf-8").splitlines()[:24]


def _write_odt(path: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableRow
    from odf.text import LineBreak, P, Span

    document = OpenDocumentText()
    for line in _turn_lines():
        paragraph = P(text=line[:40])
        paragraph.addElement(Span(text=line[40:]))
        paragraph.addElement(LineBreak())
        document.text.addElement(paragraph)
    table = Table()
    row = TableRow()
    cell = TableCell()
    cell.addElement(P(text="Sari: a cell of a table."))
    row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    document.save(str(path))
    return path


def _write_xlsx(csv_path: Path, path: Path) -> Path:
    import csv

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            sheet.append(row)
    book.save(path)
    return path


def _write_qdc(yaml_path: Path, path: Path) -> Path:
    from themecoder.io.codebook_files import read_codebook, write_codebook

    write_codebook(read_codebook(yaml_path), path)
    return path


def _write_qdpx(txt_path: Path, path: Path) -> Path:
    from themecoder.io.refi import (
        QdaCase,
        QdaCoding,
        QdaProject,
        QdaSelection,
        QdaSource,
        QdaUser,
        write_qdpx,
    )

    text = txt_path.read_text(encoding="utf-8")
    user = QdaUser(str(uuid.UUID(int=1)), "ana")
    codes = [
        CodeDef("outcomes", guid=str(uuid.UUID(int=10))),
        CodeDef("outcomes/sales", guid=str(uuid.UUID(int=11))),
    ]
    selections = [
        QdaSelection(
            str(uuid.UUID(int=100 + n)),
            n * 40,
            n * 40 + 25,
            creating_user=user.guid,
            codings=[QdaCoding(str(uuid.UUID(int=200 + n)), codes[n % 2].guid or "", user.guid)],
        )
        for n in range(6)
    ]
    source = QdaSource(str(uuid.UUID(int=20)), "P07", text, selections)
    project = QdaProject(
        "seed",
        users=[user],
        codes=codes,
        sources=[source],
        cases=[QdaCase(str(uuid.UUID(int=30)), "P07", {}, [source.guid])],
    )
    write_qdpx(project, path)
    return path
