"""Text sources, their selections and codings; positions placed into the normalised text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from themecoder.core.guids import derived_guid
from themecoder.io.decode import decode_bytes
from themecoder.io.refi.model import QdaCoding, QdaSelection, QdaSource
from themecoder.io.refi.offsets import NormalisedText, PositionSystem, choose_position_system
from themecoder.io.refi.xmlutil import (
    ReadContext,
    canonical_guid,
    child,
    children,
)
from themecoder.io.refi.zipsafe import internal_file_name

WHOLE_TEXT = None  # the span of a coding made on a whole source, not on a selection


@dataclass(slots=True)
class PendingSource:
    """A source read from the XML whose selections still hold the positions as written."""

    source: QdaSource
    text: NormalisedText | None
    spans: list[tuple[int, int] | None] = field(default_factory=list)


def read_sources(sources: ET.Element | None, ctx: ReadContext) -> list[PendingSource]:
    """The `<TextSource>`s of `<Sources>`; other kinds (PDF, picture, audio, video) are skipped."""
    pending: list[PendingSource] = []
    for index, element in enumerate(sources if sources is not None else []):
        if element.tag == "TextSource":
            pending.append(_text_source(element, index, ctx))
        else:
            ctx.skipped.append(_skip_message(element))
    return pending


def _skip_message(element: ET.Element) -> str:
    selections = sum(1 for e in element.iter() if e.tag.endswith("Selection"))
    name = element.get("name") or element.get("guid") or "?"
    return f"{element.tag} {name!r} ({selections} selections): not a text source, skipped"


def _text_source(element: ET.Element, index: int, ctx: ReadContext) -> PendingSource:
    path = element.get("plainTextPath") or ""
    name = element.get("name") or PurePosixPath(internal_file_name(path)).stem
    guid = ctx.guid(element, "guid", str(index), name)
    raw = _source_text(element, name or guid, ctx)
    text = NormalisedText.of(raw) if raw is not None else None
    user = canonical_guid(element.get("creatingUser"))
    source = QdaSource(guid, name or guid, text.text if text else None, creating_user=user)
    source.created = element.get("creationDateTime", "")
    source.variables = ctx.variable_values(element)
    ctx.collect_note_refs(element, "source", guid)
    ctx.add_description_note(element, "source", guid)
    pending = PendingSource(source, text)
    for number, selection in enumerate(children(element, "PlainTextSelection")):
        _add_selection(pending, selection, number, ctx)
    _add_whole_text_codings(pending, element, ctx)
    return pending


def _source_text(element: ET.Element, name: str, ctx: ReadContext) -> str | None:
    """The decoded text: inline `<PlainTextContent>` or the file `plainTextPath` points to."""
    content = child(element, "PlainTextContent")
    if content is not None:
        return content.text or ""
    path = element.get("plainTextPath")
    data = ctx.resolve_text(path) if path else None
    if data is None:
        where = f" ({path})" if path else ""
        ctx.warnings.append(f"text of source {name!r}{where} not available; positions unchecked")
        return None
    text, _encoding, warnings = decode_bytes(data, f"{ctx.label}: {path}")
    ctx.warnings.extend(warnings)
    return text


def _position(element: ET.Element, attribute: str, ctx: ReadContext) -> int:
    value = element.get(attribute)
    try:
        return int(value or "")
    except ValueError:
        raise ctx.error(f"selection {element.get('guid')}: {attribute}={value!r} is not a number")


def _add_selection(
    pending: PendingSource, element: ET.Element, number: int, ctx: ReadContext
) -> None:
    owner = pending.source.guid
    guid = ctx.guid(element, "guid", owner, "selection", str(number))
    start, end = _position(element, "startPosition", ctx), _position(element, "endPosition", ctx)
    user = canonical_guid(element.get("creatingUser"))
    selection = QdaSelection(guid, start, end, element.get("name", ""), user)
    selection.created = element.get("creationDateTime", "")
    for index, coding in enumerate(children(element, "Coding")):
        found = _coding(coding, guid, index, user, ctx)
        if found:
            selection.codings.append(found)
    ctx.collect_note_refs(element, "selection", guid)
    ctx.add_description_note(element, "selection", guid)
    pending.source.selections.append(selection)
    pending.spans.append((start, end))


def _add_whole_text_codings(pending: PendingSource, element: ET.Element, ctx: ReadContext) -> None:
    """`<Coding>` directly in a `<TextSource>` codes the whole text: a selection over all of it."""
    owner = pending.source.guid
    codings = [_coding(c, owner, i, None, ctx) for i, c in enumerate(children(element, "Coding"))]
    found = [c for c in codings if c]
    if found:
        guid = derived_guid("whole-text", owner)
        pending.source.selections.append(QdaSelection(guid, 0, 0, "", codings=found))
        pending.spans.append(WHOLE_TEXT)


def _coding(
    element: ET.Element, owner: str, index: int, user: str | None, ctx: ReadContext
) -> QdaCoding | None:
    ref = child(element, "CodeRef")
    code = canonical_guid(ref.get("targetGUID")) if ref is not None else None
    guid = ctx.guid(element, "guid", owner, "coding", str(index))
    if code not in ctx.code_guids:
        ctx.warnings.append(f"coding {guid} refers to an unknown code {code}; dropped")
        return None
    ctx.collect_note_refs(element, "coding", guid)
    coder = canonical_guid(element.get("creatingUser")) or user
    return QdaCoding(guid, code, coder, element.get("creationDateTime", ""))


def place_selections(pending: list[PendingSource], origin: str, ctx: ReadContext) -> PositionSystem:
    """Turn the written positions into offsets of the normalised texts, in the position system
    chosen for the whole project; a selection outside its text is an InputError."""
    evidence = [(p.text, [s for s in p.spans if s is not None]) for p in pending if p.text]
    system = choose_position_system(origin, evidence)
    for item in pending:
        if item.text is None:
            for selection in item.source.selections:
                selection.start, selection.end = sorted((selection.start, selection.end))
            continue
        _place(item, system, ctx)
    return system


def _place(item: PendingSource, system: PositionSystem, ctx: ReadContext) -> None:
    length, to_stored = system.converter(item.text)  # type: ignore[arg-type]
    stored_length = len(item.source.text or "")
    for selection, span in zip(item.source.selections, item.spans, strict=True):
        if span is WHOLE_TEXT:
            selection.start, selection.end = 0, stored_length
            continue
        start, end = sorted(span)
        if start < 0 or end > length:
            raise ctx.error(
                f"selection {selection.guid} [{start}, {end}) lies outside the text of "
                f"{item.source.name!r} ({length} positions)"
            )
        selection.start, selection.end = to_stored(start), to_stored(end)
