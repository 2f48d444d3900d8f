"""JSON codebooks: the YAML structure with every key, errors with their lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from themecoder.core.codebook import Codebook
from themecoder.core.errors import InputError
from themecoder.core.model import CodeDef
from themecoder.io.codebook_files import read_codebook, write_codebook


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "codebook.json"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputError) as caught:
        read_codebook(write(tmp_path, text))
    return str(caught.value).replace(str(tmp_path) + "/", "")


def test_written_json_has_every_key_and_reads_back(tmp_path: Path) -> None:
    codebook = Codebook.from_codes(
        [CodeDef("a", color="#fff", shortcut="1"), CodeDef("a/b", examples=["x"])], name="j"
    )
    path = tmp_path / "out.json"
    write_codebook(codebook, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data) == ["name", "description", "codes"]
    top = data["codes"][0]
    assert list(top) == [
        "name", "description", "include", "exclude", "examples", "color", "shortcut", "guid",
        "children",
    ]  # fmt: skip
    assert (top["color"], top["shortcut"], top["guid"]) == ("#ffffff", "1", None)
    assert top["children"][0]["children"] == []
    assert read_codebook(path) == codebook


def test_tab_indented_json_still_reports_lines(tmp_path: Path) -> None:
    text = '{\n\t"codes": [\n\t\t{"name": "a"},\n\t\t{"name": "b", "color": "blue"}\n\t]\n}\n'
    assert error_of(tmp_path, text) == (
        "codebook.json:4: bad colour 'blue': use #rrggbb, e.g. #1f77b4"
    )


def test_surrogate_pair_escapes_are_read_and_lines_kept(tmp_path: Path) -> None:
    text = '{"codes": [\n{"name": "smile \\ud83d\\ude00 \\\\ud83d"},\n{"name": "a", "color": 1}]}'
    assert error_of(tmp_path, text).startswith("codebook.json:3: bad colour '1'")
    codebook = read_codebook(write(tmp_path, text.replace('"color": 1', '"color": "#fff"')))
    assert codebook.codes[0].path == "smile \U0001f600 \\ud83d"


def test_errors_without_positions_still_name_the_file(tmp_path: Path) -> None:
    long_key = "x" * 1100  # PyYAML cannot read keys this long; the JSON is valid
    text = '{"codes": [{"name": "a", "' + long_key + '": 1}]}'
    assert error_of(tmp_path, text) == (
        f"codebook.json: unknown key {long_key!r} in a code (known keys: name, description, "
        "include, exclude, examples, color, shortcut, guid, children)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"codes": [\n  {"name": "a",}\n]}', "codebook.json:2: could not parse JSON: Expecting property name enclosed in double quotes"),
        ('{"codes": [\n  {"name": "a"},\n  {"name": "a"}\n]}', "codebook.json:3: duplicate code 'a' (first defined on line 2)"),
        ('{"codes": [\n  {"name": "a",\n   "shortcut": "10"}\n]}', "codebook.json:3: bad shortcut '10': use a single key such as 1 or a"),
        ('{"codes": [\n  {"name": "a",\n   "children": {}}\n]}', "codebook.json:3: 'children' must be a list (lines starting with '- '), not a mapping"),
        ('{"codes": [\n  {"name": "a",\n   "name": "b"}\n]}', "codebook.json:3: key 'name' appears twice in a code"),
        ("", "codebook.json:1: could not parse JSON: Expecting value"),
    ],
)  # fmt: skip
def test_json_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    assert error_of(tmp_path, text) == message
