"""YAML codebooks: reading, writing, round trips and every error with its line number."""

from __future__ import annotations

import re
import time
from pathlib import Path
from textwrap import dedent

import pytest

from tests.conftest import REPO
from themecoder.core.errors import InputError
from themecoder.io.codebook_files import read_codebook, write_codebook
from themecoder.io.codebook_yaml import codebook_to_yaml
from themecoder.io.qdc import code_guid, set_guid

FULL = """\
name: Test study
description: |
  Two lines
  of description.
codes:
  - name: barriers
    description: What stands in the way.
    color: "#D62728"
    children:
      - name: time
        description: No time for it.
        include: |
          Mentions of hours,
          of family duties.
        exclude: "Cost: see cost."
        examples:
          - "I have no time, really."
          - 'She said: "later".'
        shortcut: 1
      - name: cost/data
        shortcut: "2"
        color: "#abc"
  - name: outcomes/sales
    guid: 1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294
    examples: Sales went up.
sets:
  - name: followed up
    description: in the survey
    codes: [time, outcomes/sales]
"""


def write(tmp_path: Path, text: str, name: str = "codebook.yaml") -> Path:
    path = tmp_path / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputError) as caught:
        read_codebook(write(tmp_path, text))
    message = str(caught.value)
    assert "\n" not in message
    return message.replace(str(tmp_path) + "/", "")


def test_a_full_codebook_reads_with_every_field(tmp_path: Path) -> None:
    codebook = read_codebook(write(tmp_path, FULL))
    assert codebook.name == "Test study"
    assert codebook.description == "Two lines\nof description."
    assert [c.path for c in codebook.codes] == [
        "barriers",
        "barriers/time",
        "barriers/cost",
        "barriers/cost/data",
        "outcomes",
        "outcomes/sales",
    ]
    time_code = codebook.get("barriers/time")
    assert time_code.include == "Mentions of hours,\nof family duties."
    assert time_code.exclude == "Cost: see cost."
    assert time_code.examples == ["I have no time, really.", 'She said: "later".']
    assert time_code.shortcut == "1"
    assert codebook.get("barriers").color == "#d62728"
    assert codebook.get("barriers/cost/data").color == "#aabbcc"
    assert codebook.get("outcomes/sales").examples == ["Sales went up."]
    assert codebook.get("outcomes/sales").guid == "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"
    assert [(s.name, s.members) for s in codebook.sets] == [
        ("followed up", ["barriers/time", "outcomes/sales"])
    ]


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".qdc"])
def test_round_trip_through_every_format(tmp_path: Path, suffix: str) -> None:
    original = read_codebook(write(tmp_path, FULL))
    out = tmp_path / f"out{suffix}"
    write_codebook(original, out)
    again = read_codebook(out)
    if suffix == ".qdc":  # no codebook title, description or shortcuts in the format; all guids
        for code in original.codes:
            code.shortcut, code.guid = None, code_guid(code)
        for code_set in original.sets:
            code_set.guid = set_guid(code_set)
        original.name, original.description = "out", ""
    assert again == original


def test_written_yaml_is_stable_and_readable(tmp_path: Path) -> None:
    codebook = read_codebook(write(tmp_path, FULL))
    text = codebook_to_yaml(codebook)
    assert codebook_to_yaml(read_codebook(write(tmp_path, text, "again.yaml"))) == text
    assert "  - name: barriers\n" in text
    assert "color: '#d62728'" in text
    assert "include: |-\n          Mentions of hours,\n" in text


def test_a_bare_list_of_codes_is_a_codebook_named_after_the_file(tmp_path: Path) -> None:
    codebook = read_codebook(write(tmp_path, "- name: a\n- name: b/c\n", "mine.yml"))
    assert codebook.name == "mine"
    assert [c.path for c in codebook.codes] == ["a", "b", "b/c"]


def test_the_readme_example_reads(tmp_path: Path) -> None:
    readme = (REPO / "codebooks" / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", readme, re.DOTALL)
    assert example is not None
    codebook = read_codebook(write(tmp_path, example.group(1)))
    assert codebook.find("sales-growth").path == "outcomes/sales-growth"
    assert codebook.shortcut_map()["1"] == "barriers/limited-digital-knowledge"


ERRORS = [
    ("codes:\n  - name: a\n    description: x: y\n", "codebook.yaml:3: could not parse YAML: mapping values are not allowed here"),
    ("codes:\n  - name: a\n  - name: 'b\n", "codebook.yaml:4: could not parse YAML: found unexpected end of stream"),
    ("codes:\n  - name: a\n    children:\n      - name: b\n  - name: a/b\n", "codebook.yaml:5: duplicate code 'a/b' (first defined on line 4)"),
    ("codes:\n  - name: a\n\n  - name: ' a '\n", "codebook.yaml:4: duplicate code 'a' (first defined on line 2)"),
    ("codes:\n  - name: a\n    colour: '#fff'\n", "codebook.yaml:3: unknown key 'colour' in a code (did you mean 'color'?)"),
    ("name: x\ncodez: []\n", "codebook.yaml:2: unknown key 'codez' in the codebook (did you mean 'codes'?)"),
    ("codes:\n  - name: a\n    zzz: 1\n", "codebook.yaml:3: unknown key 'zzz' in a code (known keys: name, description, include, exclude, examples, color, shortcut, guid, children)"),
    ("codes:\n  - name: a\n    name: b\n", "codebook.yaml:3: key 'name' appears twice in a code"),
    ("codes:\n  - name: a\n    color: '#12'\n", "codebook.yaml:3: bad colour '#12': use #rrggbb, e.g. #1f77b4"),
    ("codes:\n  - name: a\n    color: red\n", "codebook.yaml:3: bad colour 'red': use #rrggbb, e.g. #1f77b4"),
    ("codes:\n  - name: a\n    color: #ff0000\n", 'codebook.yaml:3: put the colour in quotes, e.g. color: "#1f77b4" (# starts a comment)'),
    ("codes:\n  - name: a\n    shortcut: 12\n", "codebook.yaml:3: bad shortcut '12': use a single key such as 1 or a"),
    ("codes:\n  - name: a\n    shortcut: 1\n  - name: b\n    shortcut: '1'\n", "codebook.yaml:5: shortcut '1' is already used by 'a' (line 3)"),
    ("codes:\n  - description: no name\n", "codebook.yaml:2: a code has no 'name'"),
    ("codes:\n  - name:\n", "codebook.yaml:2: a code's 'name' is empty"),
    ("codes:\n  - name: a//b\n", "codebook.yaml:2: bad code path 'a//b': a part of it is empty"),
    ("codes:\n  - name: a\n    examples:\n      quote: x\n", "codebook.yaml:4: 'examples' must be a list (lines starting with '- '), not a mapping"),
    ("codes:\n  - name: a\n    description: [x, y]\n", "codebook.yaml:3: 'description' must be text, not a list"),
    ("codes:\n  - name: a\n    children: b\n", "codebook.yaml:3: 'children' must be a list (lines starting with '- '), not the text 'b'"),
    ("codes: a\n", "codebook.yaml:1: 'codes' must be a list (lines starting with '- '), not the text 'a'"),
    ("codes:\n  - a\n", "codebook.yaml:2: a code must be a mapping of keys such as 'name:', not the text 'a'"),
    ("name: x\n", "codebook.yaml:1: no 'codes:' list in the codebook"),
    ("just text\n", "codebook.yaml:1: the codebook must be a mapping of keys such as 'name:', not the text 'just text'"),
    ("# nothing\n", "codebook.yaml: the codebook is empty"),
    ("codes:\n  - name: a\n    guid: 12345\n", "codebook.yaml:3: bad guid '12345': use the form 1ff58b12-6f6f-4b0c-8be5-bbdc91f55294"),
    ("codes:\n  - name: a\nsets:\n  - name: s\n    codes: [zzz]\n", "codebook.yaml:5: no code 'zzz' in the codebook"),
    ("codes:\n  - &x\n    name: a\n  - *x\n", "codebook.yaml:4: YAML aliases (*x) are not allowed in a codebook"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_errors_name_the_file_and_the_line(tmp_path: Path, text: str, message: str) -> None:
    assert error_of(tmp_path, text) == message


def test_text_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_bytes(b"codes:\n  - name: caf\xe9\n")
    with pytest.raises(InputError, match=r"codebook.yaml:2: not UTF-8"):
        read_codebook(path)


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_bytes("\ufeffcodes:\n  - name: café\n".encode())
    assert read_codebook(path).get("café") is not None


def test_missing_files_and_unknown_extensions_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_codebook(tmp_path / "absent.yaml")
    with pytest.raises(InputError, match="cannot read a codebook from this file type"):
        read_codebook(write(tmp_path, "codes: []", "codebook.txt"))
    with pytest.raises(InputError, match="cannot write a codebook as this file type"):
        write_codebook(read_codebook(write(tmp_path, FULL)), tmp_path / "out.docx")


def test_a_yaml_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    lines = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    lines.append("codes: *i")
    started = time.perf_counter()
    message = error_of(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert message == "codebook.yaml:2: YAML aliases (*a) are not allowed in a codebook"


def test_the_sample_study_codebook_loads_with_shortcuts() -> None:
    path = REPO / "codebooks" / "digital-empowerment.yaml"
    if not path.exists():
        pytest.skip(f"not written yet: {path}")
    codebook = read_codebook(path)
    assert len(codebook.leaves()) >= 10
    assert any(code.shortcut for code in codebook.codes)
    groups = {code.name for code in codebook.children(None)}
    assert len(groups) >= 4, groups
