"""The fast JSON and CSV writers give exactly what json.dumps and the csv module give."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from themecoder.io import csv_rows, json_rows
from themecoder.io.csv_rows import csv_field, record_csv_pieces
from themecoder.io.json_rows import json_array_pieces, jsonl_pieces, record_pieces

# Texts full of what could confuse the layout tricks: braces, commas, quotes, line breaks.
TRICKY = st.lists(st.sampled_from(list('ab {}[],:"\\\n\r\t\x00\x1f é😀%') + ["},\n    {", "}, {"]),
                  max_size=8).map("".join)
SCALARS = st.one_of(TRICKY, st.integers(-10**20, 10**20), st.floats(allow_nan=True), st.booleans(),
                    st.none())
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(TRICKY, SCALARS, max_size=2))
ROWS = st.lists(st.dictionaries(TRICKY, VALUES, max_size=4), max_size=8)


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of three rows, so every test crosses block boundaries."""
    monkeypatch.setattr(json_rows, "BLOCK", 3)
    monkeypatch.setattr(csv_rows, "BLOCK", 3)


@settings(max_examples=200, deadline=None)
@given(ROWS)
def test_json_array_is_json_dumps_indented(rows: list[dict[str, Any]]) -> None:
    assert "".join(json_array_pieces(rows)) == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=200, deadline=None)
@given(ROWS)
def test_jsonl_is_one_json_dumps_per_line(rows: list[dict[str, Any]]) -> None:
    expected = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    assert "".join(jsonl_pieces(rows)) == expected


COLUMNS = ["id", "doc", 'a "quoted", 100% key', "start"]
RECORDS = st.lists(st.one_of(
    st.tuples(st.integers(0, 10**9), TRICKY, TRICKY, st.integers(-5, 5)),  # typed: the template path
    st.tuples(SCALARS, SCALARS, SCALARS, SCALARS)), max_size=10)  # mixed: the fallback path


@settings(max_examples=200, deadline=None)
@given(RECORDS)
def test_records_give_the_json_of_their_dicts(records: list[tuple[Any, ...]]) -> None:
    rows = [dict(zip(COLUMNS, r, strict=True)) for r in records]
    assert "".join(record_pieces(COLUMNS, records)) == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    assert "".join(record_pieces(COLUMNS, records, lines=True)) == lines


@settings(max_examples=200, deadline=None)
@given(RECORDS)
def test_records_give_the_csv_module_text(records: list[tuple[Any, ...]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(records)
    assert "".join(record_csv_pieces(COLUMNS, records)) == out.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_csv_field_is_what_the_csv_module_writes(text: str) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([text, 1])
    assert out.getvalue() == f"{csv_field(text)},1\n"


def test_fallback_cells_are_converted() -> None:
    text = "".join(record_csv_pieces(["a", "b"], [(["x", "y"], None)], cell=lambda v: "; ".join(v) if
                                     isinstance(v, list) else v))
    assert text == "a,b\nx; y,\n"


def test_an_empty_listing() -> None:
    assert "".join(json_array_pieces([])) == "[]\n"
    assert "".join(record_pieces(COLUMNS, [])) == "[]\n"
    assert "".join(record_pieces(COLUMNS, [], lines=True)) == ""
    assert "".join(record_csv_pieces(COLUMNS, [])) == "id,doc,\"a \"\"quoted\"\", 100% key\",start\n"
