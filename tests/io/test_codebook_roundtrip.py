"""Generated codebooks survive YAML, JSON and .qdc round trips exactly."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from themecoder.core.codebook import Codebook
from themecoder.core.model import CodeDef
from themecoder.io.codebook_files import read_codebook, write_codebook
from themecoder.io.qdc import SECTION, code_guid

# Printable characters that XML 1.0 and YAML can both hold: letters, marks (combining
# accents), numbers, punctuation, symbols (emoji), and spaces; line breaks in texts.
NAME_CHARS = st.one_of(
    st.characters(categories=["L", "M", "N", "P", "S"], exclude_characters="/"),
    st.just(" "),
)
TEXT_CHARS = st.one_of(st.characters(categories=["L", "M", "N", "P", "S"]), st.sampled_from(" \n"))

names = st.text(NAME_CHARS, min_size=1, max_size=12).map(str.strip).filter(bool)
texts = st.text(TEXT_CHARS, max_size=40).map(str.strip)
quotes = st.text(TEXT_CHARS, min_size=3, max_size=40).map(str.strip).filter(bool)
paths = st.lists(names, min_size=1, max_size=3).map("/".join)
colors = st.none() | st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)


@st.composite
def codebooks(draw: st.DrawFn) -> Codebook:
    unique_paths = draw(st.lists(paths, min_size=1, max_size=8, unique=True))
    keys = draw(st.permutations("123456789abc"))
    codes = []
    for index, path in enumerate(unique_paths):
        fields = [draw(texts) for _ in range(3)]
        examples = draw(st.lists(quotes, max_size=3))
        assume(not any(SECTION.search(text) for text in [*fields, *examples]))
        shortcut = keys[index] if draw(st.booleans()) else None
        codes.append(CodeDef(path, *fields, examples, draw(colors), shortcut, position=index))
    return Codebook.from_codes(codes, name=draw(names), description=draw(texts))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codebook=codebooks())
def test_yaml_json_and_qdc_round_trips_are_exact(codebook: Codebook) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".yaml", ".json"):
            path = Path(folder) / f"book{suffix}"
            write_codebook(codebook, path)
            assert read_codebook(path) == codebook
        path = Path(folder) / "book.qdc"
        write_codebook(codebook, path)
        again = read_codebook(path)
    expected = [
        CodeDef(**{**_fields(code), "shortcut": None, "guid": code_guid(code)})
        for code in codebook.codes
    ]
    assert again.codes == expected


def _fields(code: CodeDef) -> dict[str, object]:
    return {name: getattr(code, name) for name in CodeDef.__slots__}  # type: ignore[attr-defined]
