"""Write a `QdaProject` bundle as a REFI-QDA `.qdpx` archive.

The archive holds `project.qde`, valid against the REFI-QDA Project schema (Project-mrt2019.xsd,
namespace `urn:QDA-XML:project:1.0`), and one `sources/<guid>.txt` per text source: the stored
text as UTF-8 without BOM, `\\n` line ends, referenced as `plainTextPath="internal://<guid>.txt"`.

Positions. The schema types `startPosition`/`endPosition` as bare `xsd:integer`s and names no
Unicode unit, and tools differ (NVivo counts UTF-16 code units; see `offsets`). This writer
counts Unicode code points of the text file it writes, zero-based, `[start, end)`; the file has
no BOM and no carriage returns, so nothing else can shift a position. The reader takes files
whose `origin` starts with "themecoder" as code points without guessing.

GUIDs come from the bundle (canonical lowercase); objects without one get a uuid5 of what they
are, so the output is deterministic: same bundle, same bytes (fixed member order, dates and
attributes, no "now" anywhere). Users are the coders, memos are `<Notes>` with `<NoteRef>`s.
"""

from __future__ import annotations

import os
import re
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from themecoder import __version__
from themecoder.core.codebook import stable_guid
from themecoder.core.model import CodeDef
from themecoder.io.qdc import compose_description
from themecoder.io.refi.model import QdaNote, QdaProject, QdaSelection, QdaSource
from themecoder.io.refi.xmlutil import canonical_guid
from themecoder.io.refi.xmlvalues import (
    attach_notes,
    element,
    variable_types,
    variable_value,
    xsd_datetime,
)

NAMESPACE = "urn:QDA-XML:project:1.0"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_RGB = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
Attached = dict[tuple[str, str | None], list[str]]  # notes by (target kind, target GUID)


def write_qdpx(project: QdaProject, path: Path | str) -> None:
    """Write `project` to `path` (`.qdpx`). The file appears whole or not at all.

    Raises ValueError for an inconsistent bundle: a source without text, a selection outside its
    text, a coding of a code that is not in the codebook.
    """
    path = Path(path)
    members = [("project.qde", project_xml(project))]
    members += [(f"sources/{_guid(s.guid)}.txt", _text(s).encode("utf-8")) for s in project.sources]
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".qdpx", dir=path.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for name, data in members:
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 3
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def project_xml(project: QdaProject) -> bytes:
    """The `project.qde` document for `project`, as UTF-8 bytes."""
    root = ET.Element("Project", {"xmlns": NAMESPACE})
    root.set("name", project.name or "themecoder project")
    root.set("origin", f"themecoder {__version__}")
    if project.creating_user:
        root.set("creatingUserGUID", _guid(project.creating_user))
    created = xsd_datetime(project.created)
    if created:
        root.set("creationDateTime", created)
    notes = attach_notes(project.notes)
    _users(root, project)
    _codebook(root, project, notes)
    types = variable_types(project)
    _variables(root, project, types)
    _cases(root, project, types)
    _sources(root, project, types, notes)
    _notes(root, project.notes)
    _sets(root, project)
    _note_refs(root, notes, "project", None)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def _guid(value: str | None) -> str:
    guid = canonical_guid(value)
    if guid is None:
        raise ValueError("an object of the bundle has no GUID")
    return guid


def _text(source: QdaSource) -> str:
    if source.text is None:
        raise ValueError(f"source {source.name!r} has no text to write")
    return source.text


def _users(root: ET.Element, project: QdaProject) -> None:
    if project.users:
        users = element(root, "Users")
        for user in project.users:
            element(users, "User", guid=_guid(user.guid), name=user.name)


def _code_guid(code: CodeDef) -> str:
    return canonical_guid(code.guid) or stable_guid(code.path)


def _codebook(root: ET.Element, project: QdaProject, notes: Attached) -> None:
    """Codes nested by path, siblings in list order; a parent missing from the list is written
    as a non-codable code with a stable GUID."""
    if not project.codes:
        return
    container = element(element(root, "CodeBook"), "Codes")
    by_path = {code.path: code for code in project.codes}
    nodes: dict[str, ET.Element] = {}

    def node_for(path: str) -> ET.Element:
        if path not in nodes:
            parent = path.rsplit("/", 1)[0] if "/" in path else None
            above = node_for(parent) if parent else container
            code = by_path.get(path) or CodeDef(path, guid=stable_guid(path))
            codable = path in by_path and code.guid not in project.uncodable_codes
            nodes[path] = _code(above, code, codable, notes)
        return nodes[path]

    for code in project.codes:
        node_for(code.path)


def _code(parent: ET.Element, code: CodeDef, codable: bool, notes: Attached) -> ET.Element:
    color = code.color if code.color and _RGB.match(code.color) else None
    node = element(
        parent,
        "Code",
        guid=_code_guid(code),
        name=code.name,
        isCodable="true" if codable else "false",
        color=color,
    )
    description = compose_description(code)
    if description:
        element(node, "Description", text=description)
    _note_refs(node, notes, "code", code.guid)
    return node


def _variables(root: ET.Element, project: QdaProject, types: dict[str, tuple[str, str]]) -> None:
    if not types:
        return
    container = element(root, "Variables")
    descriptions = {v.name: v.description for v in project.variables}
    for name, (guid, kind) in types.items():
        node = element(container, "Variable", guid=guid, name=name, typeOfVariable=kind)
        if descriptions.get(name):
            element(node, "Description", text=descriptions[name])


def _cases(root: ET.Element, project: QdaProject, types: dict[str, tuple[str, str]]) -> None:
    if not project.cases:
        return
    container = element(root, "Cases")
    for case in project.cases:
        node = element(container, "Case", guid=_guid(case.guid), name=case.name)
        if case.description:
            element(node, "Description", text=case.description)
        for name, value in case.variables.items():
            variable_value(node, types[name], value)
        for source in case.source_guids:
            element(node, "SourceRef", targetGUID=_guid(source))


def _sources(
    root: ET.Element, project: QdaProject, types: dict[str, tuple[str, str]], notes: Attached
) -> None:
    if not project.sources:
        return
    container = element(root, "Sources")
    known_codes = {_code_guid(code) for code in project.codes}
    for source in project.sources:
        guid = _guid(source.guid)
        node = element(
            container,
            "TextSource",
            guid=guid,
            name=source.name,
            plainTextPath=f"internal://{guid}.txt",
            creatingUser=canonical_guid(source.creating_user),
            creationDateTime=xsd_datetime(source.created),
        )
        for selection in source.selections:
            if not 0 <= selection.start <= selection.end <= len(_text(source)):
                raise ValueError(f"selection {selection.guid} lies outside {source.name!r}")
            _selection(node, selection, known_codes, notes)
        _note_refs(node, notes, "source", source.guid)
        for name, value in source.variables.items():
            variable_value(node, types[name], value)


def _selection(
    parent: ET.Element, selection: QdaSelection, known_codes: set[str], notes: Attached
) -> None:
    node = element(
        parent,
        "PlainTextSelection",
        guid=_guid(selection.guid),
        name=selection.name,
        startPosition=str(selection.start),
        endPosition=str(selection.end),
        creatingUser=canonical_guid(selection.creating_user),
        creationDateTime=xsd_datetime(selection.created),
    )
    for coding in selection.codings:
        if _guid(coding.code_guid) not in known_codes:
            raise ValueError(f"coding {coding.guid} applies a code not in the codebook")
        one = element(
            node,
            "Coding",
            guid=_guid(coding.guid),
            creatingUser=canonical_guid(coding.creating_user),
            creationDateTime=xsd_datetime(coding.created),
        )
        element(one, "CodeRef", targetGUID=_guid(coding.code_guid))
        _note_refs(one, notes, "coding", coding.guid)
    _note_refs(node, notes, "selection", selection.guid)


def _note_refs(node: ET.Element, notes: Attached, kind: str, guid: str | None) -> None:
    for note in notes.get((kind, guid), []):
        element(node, "NoteRef", targetGUID=_guid(note))


def _notes(root: ET.Element, notes: list[QdaNote]) -> None:
    if not notes:
        return
    container = element(root, "Notes")
    for note in notes:
        node = element(
            container,
            "Note",
            guid=_guid(note.guid),
            name=note.name,
            creatingUser=canonical_guid(note.creating_user),
            creationDateTime=xsd_datetime(note.created),
        )
        element(node, "PlainTextContent", text=note.text)


def _sets(root: ET.Element, project: QdaProject) -> None:
    if not project.sets:
        return
    container = element(root, "Sets")
    for group in project.sets:
        node = element(container, "Set", guid=_guid(group.guid), name=group.name)
        if group.description:
            element(node, "Description", text=group.description)
        for code in group.code_guids:
            element(node, "MemberCode", targetGUID=_guid(code))
        for source in group.source_guids:
            element(node, "MemberSource", targetGUID=_guid(source))
