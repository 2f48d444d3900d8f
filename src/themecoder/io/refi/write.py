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

The document is written as text, line by line (`xmlvalues`), not built as an element tree: a
large study has hundreds of thousands of codings, and the tree alone took longer than the rest.
The sources' selections may come apart from the bundle, as a project reads them
(`StreamedSelections`): the same layout, without holding them all.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from themecoder import __version__
from themecoder.core.codebook import stable_guid
from themecoder.core.model import CodeDef
from themecoder.io.qdc import compose_description
from themecoder.io.refi.archive import write_archive
from themecoder.io.refi.gcpause import gc_paused
from themecoder.io.refi.model import QdaNote, QdaProject
from themecoder.io.refi.write_sources import (
    Attached,
    StreamedSelections,
    guid_of,
    iter_source_chunks,
    note_refs,
    selection_rows,
    text_of,
)
from themecoder.io.refi.xmlutil import canonical_guid
from themecoder.io.refi.xmlvalues import (
    attach_notes,
    attributes,
    block,
    leaf,
    variable_types,
    variable_value,
    xsd_datetime,
)

NAMESPACE = "urn:QDA-XML:project:1.0"
_RGB = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


def write_qdpx(project: QdaProject, path: Path | str, selections: StreamedSelections | None = None,
               after_layout: Callable[[], object] | None = None) -> None:
    """Write `project` to `path` (`.qdpx`). The file appears whole or not at all.

    Args:
        project: the bundle.
        path: the file to write.
        selections: the sources' selections, when they come apart from the bundle (its sources'
            own `selections` are then not read).
        after_layout: called once `project.qde` is laid out, while the archive is still being
            compressed in another thread (work that lets go of the GIL overlaps with it).

    Raises ValueError for an inconsistent bundle: a source without text, a selection outside its
    text, a coding of a code that is not in the codebook.
    """
    path = Path(path)
    texts = [(f"sources/{guid_of(s.guid)}.txt", text_of(s)) for s in project.sources]
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".qdpx", dir=path.parent)
    os.close(handle)
    try:
        with gc_paused():  # see gcpause: collections over a large bundle took a fifth of the time
            large = _large(project, selections.codings_bound if selections else None)
            write_archive(temporary, iter_qde_chunks(project, selections), texts, large=large,
                          after_layout=after_layout)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _large(project: QdaProject, codings_bound: int | None) -> bool:
    """Whether `project.qde` may need ZIP64 (over 2 GiB): a bound from what it holds, as its
    size is known only once written (a bound no study of interviews comes near). With streamed
    selections, only a bound on the codings is known: each might have a selection of its own."""
    objects = len(project.codes) + len(project.cases) + len(project.notes)
    if codings_bound is not None:
        objects += 2 * codings_bound + len(project.notes)  # a note may make a selection too
    else:
        objects += sum(len(s.selections) + sum(len(sel.codings) for sel in s.selections)
                       for s in project.sources)  # fmt: skip
    text = sum(len(note.text or "") for note in project.notes) + sum(
        len(case.description or "") for case in project.cases)
    return (objects * 1024 + text * 8) * 1.05 > zipfile.ZIP64_LIMIT


def project_xml(project: QdaProject) -> bytes:
    """The `project.qde` document for `project`, as UTF-8 bytes."""
    return b"".join(iter_qde_chunks(project))


def iter_qde_chunks(project: QdaProject,
                    selections: StreamedSelections | None = None) -> Iterator[bytes]:
    """The `project.qde` document in pieces of UTF-8 as they are laid out: the head, each source,
    the tail; so a large study's file is never held whole, and each piece can be compressed while
    the next is laid out. `selections`: the sources' selections when they come apart from the
    bundle (else its sources' own)."""
    per_source = selections.per_source if selections else map(selection_rows, project.sources)
    notes = attach_notes(project.notes)
    types = variable_types(project)
    head: list[str] = []
    _users(head, project)
    _codebook(head, project, notes)
    _variables(head, project, types)
    _cases(head, project, types)
    known_codes = {_code_guid(code) for code in project.codes}
    sources = iter_source_chunks(project.sources, per_source, known_codes, types, notes)
    tail: list[str] = []
    _notes(tail, project.notes)
    _sets(tail, project)
    tail += note_refs(1, notes, "project", None)
    root = attributes(
        xmlns=NAMESPACE,
        name=project.name or "themecoder project",
        origin=f"themecoder {__version__}",
        creatingUserGUID=guid_of(project.creating_user) if project.creating_user else None,
        creationDateTime=xsd_datetime(project.created),
    )
    if not (head or project.sources or tail):
        yield f"{_XML_DECLARATION}<Project{root} />\n".encode()
        return
    if project.sources:
        head.append("  <Sources>\n")
        tail.insert(0, "  </Sources>\n")
    start = f"{_XML_DECLARATION}<Project{root}>\n{''.join(head)}"
    yield start.encode("utf-8")
    yield from sources
    yield f"{''.join(tail)}</Project>\n".encode()


def _users(out: list[str], project: QdaProject) -> None:
    if project.users:
        users = [leaf(2, "User", guid=guid_of(u.guid), name=u.name) for u in project.users]
        block(out, 1, "Users", "", users)


def _code_guid(code: CodeDef) -> str:
    """The GUID written for a code: its own, else one derived from its path."""
    return canonical_guid(code.guid) or stable_guid(code.path)


@dataclass(slots=True)
class _CodeNode:
    code: CodeDef
    codable: bool
    children: list[_CodeNode] = field(default_factory=list)


class _CodeTree:
    """Codes nested by path, siblings in list order; a parent missing from the list becomes a
    non-codable code with a stable GUID. (A class, not a recursive closure: such a closure is a
    reference cycle that kept the whole bundle alive until the garbage collector came by.)"""

    def __init__(self, project: QdaProject) -> None:
        self.by_path = {code.path: code for code in project.codes}
        self.uncodable = project.uncodable_codes
        self.nodes: dict[str, _CodeNode] = {}
        self.top: list[_CodeNode] = []
        for code in project.codes:
            self.node(code.path)

    def node(self, path: str) -> _CodeNode:
        """The node of `path`, made (with its parents) on first use."""
        if path not in self.nodes:
            parent = path.rsplit("/", 1)[0] if "/" in path else None
            siblings = self.node(parent).children if parent else self.top
            code = self.by_path.get(path) or CodeDef(path, guid=stable_guid(path))
            codable = path in self.by_path and code.guid not in self.uncodable
            self.nodes[path] = _CodeNode(code, codable)
            siblings.append(self.nodes[path])
        return self.nodes[path]


def _codebook(out: list[str], project: QdaProject, notes: Attached) -> None:
    if not project.codes:
        return
    codes: list[str] = []
    for node in _CodeTree(project).top:
        _code(codes, 3, node, notes)
    codebook: list[str] = []
    block(codebook, 2, "Codes", "", codes)
    block(out, 1, "CodeBook", "", codebook)


def _code(out: list[str], depth: int, node: _CodeNode, notes: Attached) -> None:
    code = node.code
    color = code.color if code.color and _RGB.match(code.color) else None
    codable = "true" if node.codable else "false"
    attrs = attributes(guid=_code_guid(code), name=code.name, isCodable=codable, color=color)
    inner: list[str] = []
    description = compose_description(code)
    if description:
        inner.append(leaf(depth + 1, "Description", description))
    inner += note_refs(depth + 1, notes, "code", code.guid)
    for child in node.children:
        _code(inner, depth + 1, child, notes)
    block(out, depth, "Code", attrs, inner)


def _variables(out: list[str], project: QdaProject, types: dict[str, tuple[str, str]]) -> None:
    if not types:
        return
    descriptions = {v.name: v.description for v in project.variables}
    variables: list[str] = []
    for name, (guid, kind) in types.items():
        described = descriptions.get(name)
        inner = [leaf(3, "Description", described)] if described else []
        block(
            variables, 2, "Variable", attributes(guid=guid, name=name, typeOfVariable=kind), inner
        )
    block(out, 1, "Variables", "", variables)


def _cases(out: list[str], project: QdaProject, types: dict[str, tuple[str, str]]) -> None:
    if not project.cases:
        return
    cases: list[str] = []
    for case in project.cases:
        inner = [leaf(3, "Description", case.description)] if case.description else []
        for name, value in case.variables.items():
            inner += variable_value(3, types[name], value)
        inner += [leaf(3, "SourceRef", targetGUID=guid_of(s)) for s in case.source_guids]
        block(cases, 2, "Case", attributes(guid=guid_of(case.guid), name=case.name), inner)
    block(out, 1, "Cases", "", cases)


def _notes(out: list[str], notes: list[QdaNote]) -> None:
    if not notes:
        return
    lines: list[str] = []
    for note in notes:
        attrs = attributes(
            guid=guid_of(note.guid),
            name=note.name,
            creatingUser=canonical_guid(note.creating_user),
            creationDateTime=xsd_datetime(note.created),
        )
        block(lines, 2, "Note", attrs, [leaf(3, "PlainTextContent", note.text)])
    block(out, 1, "Notes", "", lines)


def _sets(out: list[str], project: QdaProject) -> None:
    if not project.sets:
        return
    sets: list[str] = []
    for group in project.sets:
        inner = [leaf(3, "Description", group.description)] if group.description else []
        inner += [leaf(3, "MemberCode", targetGUID=guid_of(c)) for c in group.code_guids]
        inner += [leaf(3, "MemberSource", targetGUID=guid_of(s)) for s in group.source_guids]
        block(sets, 2, "Set", attributes(guid=guid_of(group.guid), name=group.name), inner)
    block(out, 1, "Sets", "", sets)
