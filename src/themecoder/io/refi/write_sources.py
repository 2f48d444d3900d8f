"""The `<Sources>` of a `.qde`: text sources with their selections and codings, as lines of text.

This is the bulk of a large study's file (one `<Coding>` per coding), so each coding is one
formatted string, and what repeats (a coder's GUID, a date, a code reference) is converted and
escaped once per distinct value, not once per coding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from themecoder.io.refi.model import QdaCoding, QdaSelection, QdaSource
from themecoder.io.refi.xmlutil import CANONICAL_GUID, canonical_guid
from themecoder.io.refi.xmlvalues import attributes, block, leaf, variable_value, xsd_datetime

Attached = dict[tuple[str, str | None], list[str]]  # notes by (target kind, target GUID)
_canonical = CANONICAL_GUID.fullmatch


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
    sources: list[QdaSource], known_codes: set[str], types: dict[str, tuple[str, str]],
    notes: Attached,
) -> Iterator[bytes]:  # fmt: skip
    """What goes inside `<Sources>`: each source's `<TextSource>` (depth 2) as UTF-8 bytes, one
    source at a time, so a writer can compress one while the next is laid out.

    Raises ValueError for a selection outside its text or a coding of an unknown code.
    """
    writer = _SourceWriter(known_codes, notes)
    for source in sources:
        lines: list[str] = []
        writer.source(lines, source, types)
        yield "".join(lines).encode("utf-8")


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

    def source(self, out: list[str], source: QdaSource, types: dict[str, tuple[str, str]]) -> None:
        """Append one `<TextSource>` with its selections, notes and variable values."""
        guid = guid_of(source.guid)
        inner: list[str] = []
        if source.selections:
            length = len(text_of(source))
            for selection in source.selections:
                self.selection(inner, selection, length, source.name)
        inner += note_refs(3, self.notes, "source", source.guid)
        for name, value in source.variables.items():
            inner += variable_value(3, types[name], value)
        attrs = attributes(guid=guid, name=source.name, plainTextPath=f"internal://{guid}.txt")
        attrs += self.users[source.creating_user or ""] + self.dates[source.created]
        block(out, 2, "TextSource", attrs, inner)

    def selection(self, out: list[str], selection: QdaSelection, length: int, owner: str) -> None:
        """Append one `<PlainTextSelection>` with its codings and notes."""
        start, end = selection.start, selection.end
        if not 0 <= start <= end <= length:
            raise ValueError(f"selection {selection.guid} lies outside {owner!r}")
        name = attributes(name=selection.name) if selection.name else ""
        head = (
            f'      <PlainTextSelection guid="{guid_of(selection.guid)}"{name} '
            f'startPosition="{start}" endPosition="{end}"'
            f"{self.users[selection.creating_user or '']}{self.dates[selection.created]}"
        )
        inner = self.codings(selection.codings) if selection.codings else []
        if self.selection_notes:
            inner += note_refs(4, self.notes, "selection", selection.guid)
        if inner:
            out.append(f"{head}>\n{''.join(inner)}      </PlainTextSelection>\n")
        else:
            out.append(f"{head} />\n")

    def codings(self, codings: list[QdaCoding]) -> list[str]:
        """One `<Coding>` with its `<CodeRef>` (and notes) per coding: the innermost loop."""
        lines = []
        users, dates, code_refs, canonical = self.users, self.dates, self.code_refs, _canonical
        for coding in codings:
            ref = code_refs.get(coding.code_guid) or self._code_ref(coding)
            guid = coding.guid if coding.guid and canonical(coding.guid) else guid_of(coding.guid)
            if self.coding_notes:
                ref += "".join(note_refs(5, self.notes, "coding", coding.guid))
            lines.append(
                f'        <Coding guid="{guid}"{users[coding.creating_user or ""]}'
                f"{dates[coding.created]}>\n{ref}        </Coding>\n"
            )
        return lines

    def _code_ref(self, coding: QdaCoding) -> str:
        guid = guid_of(coding.code_guid)
        if guid not in self.known_codes:
            raise ValueError(f"coding {coding.guid} applies a code not in the codebook")
        self.code_refs[coding.code_guid] = leaf(5, "CodeRef", targetGUID=guid)
        return self.code_refs[coding.code_guid]
