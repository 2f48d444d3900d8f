"""The contexts of the .xlsx codings export, cut for many positions at once, are `context_before`
and `context_after` of each position."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from themecoder.io.export_codings import (
    context_after,
    context_before,
    contexts_after,
    contexts_before,
)

# word characters and every kind of space str.isspace knows (and one it does not: U+200B)
TEXTS = st.text(alphabet=st.sampled_from(list("ab \n\t\u00a0\u2003\u3000\u200b\x1c\x85é")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.lists(st.integers(0, 45), max_size=8), st.integers(0, 12))
def test_contexts_are_each_positions_context(text: str, positions: list[int], size: int) -> None:
    positions = [min(p, len(text)) for p in positions]  # offsets into the text
    assert contexts_before(text, positions, size) == {p: context_before(text, p, size) for p in positions}
    assert contexts_after(text, positions, size) == {p: context_after(text, p, size) for p in positions}


def test_contexts_keep_whole_words() -> None:
    text = "one two three four five"
    assert contexts_before(text, [0, 13, 23], 7) == {0: "", 13: " three", 23: " five"}
    assert contexts_after(text, [0, 3, 10, 19], 7) == {0: "one two", 3: " two ", 10: "ree ", 19: "five"}
