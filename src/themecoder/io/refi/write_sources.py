"""The `<Sources>` of a `.qde`: text sources with their selections and codings, as lines of text.

This is the bulk of a large study's file (one `<Coding>` per coding), so each coding is one
formatted string, and what repeats (a coder's GUID, a date, a code reference) is converted and
escaped once per distinct value, not once per coding.

Selections and codings are laid out from plain tuples (`SelectionRow`, `CodingRow`): a bundle's
`QdaSelection`s are turned into them (`selection_rows`), and a project can hand them over as it
reads them, one source at a time, without building the bundle's objects (`StreamedSelections`).
One layout serves both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from themecoder.io.refi.model import QdaSource
from themecoder.io.refi.xmlutil import canonical_guid
from themecoder.io.refi.xmlvalues import attributes, block, leaf, variable_value, xsd_datetime

Attached = dict[tuple[str, str | None], list[str]]  # notes by (target kind, target GUID)
CodingRow = tuple[str, str, str | None, str]  # (GUID, code GUID, creating user GUID, created)
# (GUID, start, end, name, creating user GUID, created, codings): a `QdaSelection` as a tuple
SelectionRow = tuple[str, int, int, str, str | None, str, list[CodingRow]]
_GUID_LENGTH = 36  # a canonical GUID: 8-4-4-4-12 lowercase hexadecimal digits


@dataclass(slots=True)
class StreamedSelections:
    """The selections of a bundle's sources, handed over as they are read instead of held in
    its `QdaSource.selections`.

    Attributes:
        per_source: one list of selections per source of the bundle, in the bundle's order.
        codings_bound: at most this many codings in all (sizes the archive before it is written).
    """

    per_source: Iterable[list[SelectionRow]]
    codings_bound: int


def selection_rows(source: QdaSource) -> list[SelectionRow]:
    """A source's selections as the tuples the writer lays out."""
    return [(s.guid, s.start, s.end, s.name, s.creating_user, s.created,
             [(c.guid, c.code_guid, c.creating_user, c.created) for c in s.codings])
            for s in source.selections]  # fmt: skip


def guid_of(value: str | None) -> str:
    """The canonical GUID of an object of the bundle; ValueError when it has none."""
    guid = canonical_guid(value)
    if guid is None:
        raise ValueError("an object of the bundle has no GUID")
    return guid


def text_of(source: QdaSource) -> str:
    """The text of a source; ValueError when the bundle has none for it."""
    if source.text is None:
        raise ValueError(f"source {source.name!r} has no text to write")
    return source.text


def note_refs(depth: int, notes: Attached, kind: str, guid: str | None) -> list[str]:
    """The `<NoteRef>` lines of the notes attached to one object."""
    found = notes.get((kind, guid))
    return [leaf(depth, "NoteRef", targetGUID=guid_of(note)) for note in found] if found else []


def iter_source_chunks(
    sources: list[QdaSource], selections: Iterable[list[SelectionRow]], known_codes: set[str],
    types: dict[str, tuple[str, str]], notes: Attached,
) -> Iterator[bytes]:  # fmt: skip
    """What goes inside `<Sources>`: each source's `<TextSource>` (depth 2) as UTF-8 bytes, one
    source at a time, so a writer can compress one while the next is laid out.

    Args:
        sources: the sources (their own `selections` are not read).
        selections: one list of selections per source, in the same order.
        known_codes: the GUIDs of the codebook's codes.
        types: the variables, as `variable_types` gives them.
        notes: the notes by target, as `attach_notes` gives them.

    Raises ValueError for a selection outside its text or a coding of an unknown code, and when
    there are not as many lists of selections as sources.
    """
    writer = _SourceWriter(known_codes, notes)
    for source, rows in zip(sources, selections, strict=True):
        lines: list[str] = []
        writer.source(lines, source, rows, types)
        yield "".join(lines).encode("utf-8")


def _all_canonical(selections: list[SelectionRow]) -> bool:
    """Whether the GUIDs of these selections and of their codings are all canonical already:
    checked over them all at once (lengths, dashes, lowercase hexadecimal digits), not one by
    one, which took a third of the time of laying out a large study's codings."""
    guids = [row[0] for row in selections]
    guids += [coding[0] for row in selections for coding in row[6]]
    if not all(guids) or set(map(len, guids)) != {_GUID_LENGTH}:
        return False
    joined, dashes = "".join(guids), "-" * len(guids)
    if not (joined[8::36] == joined[13::36] == joined[18::36] == joined[23::36] == dashes):
        return False
    try:
        digits = joined.encode("ascii")
    except UnicodeEncodeError:
        return False
    return not digits.translate(None, b"-0123456789abcdef") and joined.count("-") == 4 * len(guids)


class _Fragments(dict[str, str]):
    """` name="value"` for each raw value (converted once per distinct value), "" for none."""

    def __init__(self, name: str, convert: Callable[[str], str | None]) -> None:
        super().__init__()
        self.name, self.convert = name, convert

    def __missing__(self, raw: str) -> str:
        fragment = attributes(**{self.name: self.convert(raw) if raw else None})
        self[raw] = fragment
        return fragment


class _SourceWriter:
    """Lays out sources; caches what codings share and knows which notes can be attached."""

    def __init__(self, known_codes: set[str], notes: Attached) -> None:
        self.known_codes, self.notes = known_codes, notes
        self.users = _Fragments("creatingUser", canonical_guid)
        self.dates = _Fragments("creationDateTime", xsd_datetime)
        self.code_refs: dict[str | None, str] = {}  # code GUID as given -> its <CodeRef> line
        kinds = {kind for kind, _guid in notes}
        self.selection_notes, self.coding_notes = "selection" in kinds, "coding" in kinds

    def source(self, out: list[str], source: QdaSource, selections: list[SelectionRow],
               types: dict[str, tuple[str, str]]) -> None:
        """Append one `<TextSource>` with its selections, notes and variable values."""
        guid = guid_of(source.guid)
        inner: list[str] = []
        if selections:
            length = len(text_of(source))
            canonical = _all_canonical(selections)
            for selection in selections:
                self.selection(inner, selection, length, source.name, canonical)
        inner += note_refs(3, self.notes, "source", source.guid)
        for name, value in source.variables.items():
            inner += variable_value(3, types[name], value)
        attrs = attributes(guid=guid, name=source.name, plainTextPath=f"internal://{guid}.txt")
        attrs += self.users[source.creating_user or ""] + self.dates[source.created]
        block(out, 2, "TextSource", attrs, inner)

    def selection(self, out: list[str], selection: SelectionRow, length: int, owner: str,
                  canonical: bool) -> None:
        """Append one `<PlainTextSelection>` with its codings and notes (`canonical`: its
        GUIDs and its codings' are canonical already)."""
        guid, start, end, label, user, created, codings = selection
        if not 0 <= start <= end <= length:
            raise ValueError(f"selection {guid} lies outside {owner!r}")
        name = attributes(name=label) if label else ""
        head = (
            f'      <PlainTextSelection guid="{guid if canonical else guid_of(guid)}"{name} '
            f'startPosition="{start}" endPosition="{end}"'
            f"{self.users[user or '']}{self.dates[created]}"
        )
        inner = self.codings(codings, canonical) if codings else []
        if self.selection_notes:
            inner += note_refs(4, self.notes, "selection", guid)
        if inner:
            out.append(f"{head}>\n{''.join(inner)}      </PlainTextSelection>\n")
        else:
            out.append(f"{head} />\n")

    def codings(self, codings: list[CodingRow], canonical: bool) -> list[str]:
        """One `<Coding>` with its `<CodeRef>` (and notes) per coding: the innermost loop."""
        users, dates, code_refs = self.users, self.dates, self.code_refs
        if canonical and not self.coding_notes:  # the common case, in one comprehension
            return [f'        <Coding guid="{raw}"{users[user or ""]}{dates[created]}>\n'
                    f"{code_refs.get(code) or self._code_ref(raw, code)}        </Coding>\n"
                    for raw, code, user, created in codings]  # fmt: skip
        lines = []
        for raw, code, user, created in codings:
            ref = code_refs.get(code) or self._code_ref(raw, code)
            if self.coding_notes:
                ref += "".join(note_refs(5, self.notes, "coding", raw))
            lines.append(
                f'        <Coding guid="{guid_of(raw)}"{users[user or ""]}'
                f"{dates[created]}>\n{ref}        </Coding>\n"
            )
        return lines

    def _code_ref(self, coding: str, code: str) -> str:
        guid = guid_of(code)
        if guid not in self.known_codes:
            raise ValueError(f"coding {coding} applies a code not in the codebook")
        self.code_refs[code] = leaf(5, "CodeRef", targetGUID=guid)
        return self.code_refs[code]
