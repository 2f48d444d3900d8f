"""Safe XML parsing and small helpers shared by the REFI-QDA reader.

Element and attribute names are matched by local name, so any namespace version
(`urn:QDA-XML:project:1.0`, `...:0:4`, none) reads the same.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from themecoder.core.errors import InputError
from themecoder.core.guids import derived_guid
from themecoder.io.refi.model import QdaNote
from themecoder.io.safexml import parse_xml_bytes

_GUID = re.compile(r"\{?[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\}?")
CANONICAL_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def parse_xml(data: bytes, label: str) -> ET.Element:
    """Parse XML bytes refusing DTDs, entities and external references (`io.safexml`);
    element and attribute names lose their namespaces."""
    root = parse_xml_bytes(data, label)
    for element in root.iter():
        element.tag = local_name(element.tag)
        if any(name.startswith("{") for name in element.attrib):
            element.attrib = {local_name(k): v for k, v in element.attrib.items()}
    return root


def local_name(name: str) -> str:
    """`{namespace}Name` -> `Name`."""
    return name.rsplit("}", 1)[-1]


def children(element: ET.Element | None, name: str) -> list[ET.Element]:
    """The direct children called `name`."""
    return [] if element is None else [c for c in element if c.tag == name]


def child(element: ET.Element | None, name: str) -> ET.Element | None:
    """The first direct child called `name`, or None."""
    return None if element is None else element.find(name)


def child_text(element: ET.Element | None, name: str) -> str:
    """The text of the first child called `name` ("" if absent or empty)."""
    found = child(element, name)
    return (found.text or "") if found is not None else ""


def canonical_guid(raw: str | None) -> str | None:
    """A GUID as lowercase `8-4-4-4-12` without braces; non-GUID strings map to a stable GUID."""
    if raw and CANONICAL_GUID.fullmatch(raw):  # already canonical: the common case
        return raw
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if _GUID.fullmatch(text):
        return text.strip("{}").lower()
    try:
        return str(uuid.UUID(text.strip("{}")))
    except ValueError:
        return derived_guid("not-a-guid", text)


@dataclass(slots=True)
class ReadContext:
    """What the parts of the reader share: the file label, the text lookup, what was found."""

    label: str
    resolve_text: Callable[[str], bytes | None]
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    note_refs: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    inline_notes: list[QdaNote] = field(default_factory=list)  # from <Description> elements
    code_guids: set[str] = field(default_factory=set)
    seen_guids: set[str] = field(default_factory=set)
    variable_names: dict[str, str] = field(default_factory=dict)  # variable GUID -> name

    def guid(self, element: ET.Element, attribute: str, *fallback: str) -> str:
        """The element's GUID attribute, or a stable one derived from `fallback` when missing;
        a GUID already given to another object is replaced (with a warning)."""
        found = canonical_guid(element.get(attribute)) or derived_guid(element.tag, *fallback)
        if found in self.seen_guids or found in self.code_guids:
            self.warnings.append(f"{element.tag} repeats the GUID {found}; given a new one")
            found = derived_guid("repeated", element.tag, found, *fallback)
        self.seen_guids.add(found)
        return found

    def collect_note_refs(self, element: ET.Element, kind: str, guid: str | None) -> None:
        """Remember the `<NoteRef>` children of an element: the notes attached to it."""
        for ref in children(element, "NoteRef"):
            note = canonical_guid(ref.get("targetGUID"))
            if note:
                self.note_refs.setdefault(note, []).append((kind, guid))

    def add_description_note(self, element: ET.Element, kind: str, guid: str) -> None:
        """A non-empty `<Description>` of a source or selection becomes a note attached to it."""
        text = child_text(element, "Description").strip()
        if text:
            note_guid = derived_guid("description", kind, guid)
            self.inline_notes.append(QdaNote(note_guid, text, "", kind, guid))

    def variable_values(self, element: ET.Element) -> dict[str, str]:
        """The `<VariableValue>` children of a case or source, as {variable name: value}."""
        values: dict[str, str] = {}
        for value in children(element, "VariableValue"):
            ref = child(value, "VariableRef")
            guid = canonical_guid(ref.get("targetGUID")) if ref is not None else None
            name = self.variable_names.get(guid or "")
            if name is None:
                self.warnings.append(f"a value refers to an unknown variable {guid}; dropped")
                continue
            texts = [c.text or "" for c in value if c.tag.endswith("Value")]
            values[name] = texts[0] if texts else ""
        return values

    def error(self, problem: str) -> InputError:
        """An InputError naming the file."""
        return InputError(f"{self.label}: {problem}")
