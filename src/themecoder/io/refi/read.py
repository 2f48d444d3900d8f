"""Read REFI-QDA projects (`.qdpx` archives, `.qde` XML) into a neutral `QdaProject` bundle.

What real tools write is accepted: the sources folder in any case, the `.qde` anywhere in the
archive, `internal://` or bare source paths, BOMs, CRLF line ends, any namespace version, NVivo's
UTF-16 positions (see `offsets`), several codings per selection, memos as `<Notes>` + `<NoteRef>`,
as `<Description>` and as `<Link>`s from a note. Non-text sources are listed in `skipped`.
Every failure is an `InputError("<file>: <problem>")`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from themecoder.core.codebook import stable_guid
from themecoder.core.errors import InputError
from themecoder.core.guids import derived_guid
from themecoder.core.model import CodeDef
from themecoder.io.decode import decode_bytes, normalise_text
from themecoder.io.qdc import codes_from_qde_codebook
from themecoder.io.refi.model import QdaCase, QdaNote, QdaProject, QdaSet, QdaUser, QdaVariable
from themecoder.io.refi.sources import place_selections, read_sources
from themecoder.io.refi.xmlutil import (
    ReadContext,
    canonical_guid,
    child,
    child_text,
    children,
    parse_xml,
)
from themecoder.io.refi.zipsafe import (
    MAX_MEMBER_BYTES,
    SafeZip,
    internal_file_name,
    unsafe_member_reason,
)

TextResolver = Callable[[str], bytes | None]


def read_qdpx(path: Path | str) -> QdaProject:
    """Read a `.qdpx` archive: its single `.qde` and the text files it points to."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path.name}: file not found")
    with SafeZip(path) as archive:
        qde = archive.find_qde()

        def resolve(path_attribute: str) -> bytes | None:
            member = archive.find_source(path_attribute, qde)
            return archive.read(member) if member else None

        return _read_project(archive.read(qde), path.name, resolve, path.stem)


def read_qde(
    source: Path | str | bytes, sources_dir: Path | str | None = None, label: str = ""
) -> QdaProject:
    """Read a `.qde` file (a path or its bytes). Text files are looked up in `sources_dir`
    (or its `sources/` folder, any case); without it, texts are None and positions unchecked."""
    if isinstance(source, bytes):
        data, label = source, label or "project.qde"
    else:
        path = Path(source)
        label = label or path.name
        data = _read_file(path, label)
    resolve = _directory_resolver(Path(sources_dir), label) if sources_dir else _no_texts
    return _read_project(data, label, resolve, Path(label).stem)


def _no_texts(_path_attribute: str) -> bytes | None:
    return None


def _read_file(path: Path, label: str) -> bytes:
    if not path.is_file():
        raise InputError(f"{label}: file not found")
    if path.stat().st_size > MAX_MEMBER_BYTES:
        raise InputError(f"{label}: file too large")
    return path.read_bytes()


def _directory_resolver(folder: Path, label: str) -> TextResolver:
    """Look up source files inside `folder` only, the name matched in any case."""
    base = folder.resolve()

    def resolve(path_attribute: str) -> bytes | None:
        name = internal_file_name(path_attribute)
        if not name or unsafe_member_reason(name):
            return None
        for directory in (base, base / "sources", base / "Sources"):
            found = _find_in(directory, name)
            if found and found.resolve().is_relative_to(base):
                return _read_file(found, f"{label}: {name}")
        return None

    return resolve


def _find_in(directory: Path, name: str) -> Path | None:
    exact = directory / name
    if exact.is_file():
        return exact
    if not directory.is_dir():
        return None
    matches = [p for p in directory.iterdir() if p.name.lower() == name.lower() and p.is_file()]
    return matches[0] if len(matches) == 1 else None


def _read_project(data: bytes, label: str, resolve: TextResolver, default: str) -> QdaProject:
    root = parse_xml(data, label)
    if root.tag != "Project":
        raise InputError(f"{label}: not a REFI-QDA project (root element <{root.tag}>)")
    ctx = ReadContext(label, resolve)
    project = QdaProject(root.get("name") or default, origin=root.get("origin", ""))
    project.creating_user = canonical_guid(root.get("creatingUserGUID"))
    project.created = root.get("creationDateTime", "")
    project.users = _users(child(root, "Users"), ctx)
    project.codes, project.uncodable_codes = _codes(child(root, "CodeBook"), ctx)
    project.variables = _variables(child(root, "Variables"), ctx)
    project.cases = _cases(child(root, "Cases"), ctx)
    pending = read_sources(child(root, "Sources"), ctx)
    project.position_units = place_selections(pending, project.origin, ctx).describe()
    project.sources = [item.source for item in pending]
    project.notes = _notes(root, project, ctx)
    project.sets = _sets(child(root, "Sets"), project)
    project.warnings, project.skipped = ctx.warnings, ctx.skipped
    return project


def _users(element: ET.Element | None, ctx: ReadContext) -> list[QdaUser]:
    users = []
    for user in children(element, "User"):
        guid = canonical_guid(user.get("guid"))
        if guid is None:
            ctx.warnings.append(f"a user without a GUID ({user.get('name')!r}) was ignored")
            continue
        users.append(QdaUser(guid, user.get("name") or user.get("id") or guid))
    return users


def _codes(codebook: ET.Element | None, ctx: ReadContext) -> tuple[list[CodeDef], set[str]]:
    """The code tree in document order, named as `.qdc` codebooks are (`qdc.codes_from_qde_codebook`),
    with canonical GUIDs; also the GUIDs of codes marked `isCodable="false"`."""
    if codebook is None:
        return [], set()
    try:
        codes = codes_from_qde_codebook(codebook, ctx.warnings)
    except RecursionError:
        raise ctx.error("the code tree is nested too deeply") from None
    elements = list(child(codebook, "Codes").iter("Code"))  # type: ignore[union-attr]
    uncodable: set[str] = set()
    for code, element in zip(codes, elements, strict=True):
        guid = canonical_guid(code.guid) or stable_guid(code.path)
        if guid in ctx.code_guids:
            ctx.warnings.append(f"code {code.path!r} repeats the GUID {guid}; given a new one")
            guid = derived_guid("code", guid, code.path)
        code.guid = guid
        ctx.code_guids.add(guid)
        if (element.get("isCodable") or "true").strip().lower() in ("false", "0"):
            uncodable.add(guid)
        ctx.collect_note_refs(element, "code", guid)
    return codes, uncodable


def _variables(element: ET.Element | None, ctx: ReadContext) -> list[QdaVariable]:
    variables = []
    for index, variable in enumerate(children(element, "Variable")):
        name = variable.get("name") or f"variable {index + 1}"
        guid = ctx.guid(variable, "guid", name)
        kind = variable.get("typeOfVariable") or "Text"
        variables.append(QdaVariable(guid, name, kind, child_text(variable, "Description")))
        ctx.variable_names[guid] = name
    return variables


def _cases(element: ET.Element | None, ctx: ReadContext) -> list[QdaCase]:
    cases = []
    for index, case in enumerate(children(element, "Case")):
        guid = ctx.guid(case, "guid", str(index), case.get("name", ""))
        refs = [canonical_guid(ref.get("targetGUID")) for ref in children(case, "SourceRef")]
        found = QdaCase(guid, case.get("name") or guid, ctx.variable_values(case))
        found.source_guids = [ref for ref in refs if ref]
        found.description = child_text(case, "Description")
        cases.append(found)
    return cases


def _target_kinds(project: QdaProject) -> dict[str, str]:
    kinds = {code.guid: "code" for code in project.codes if code.guid}
    for source in project.sources:
        kinds[source.guid] = "source"
        for selection in source.selections:
            kinds[selection.guid] = "selection"
            kinds.update((coding.guid, "coding") for coding in selection.codings)
    return kinds


def _notes(root: ET.Element, project: QdaProject, ctx: ReadContext) -> list[QdaNote]:
    """Notes with the objects they are attached to (by NoteRef or by a Link from the note)."""
    ctx.collect_note_refs(root, "project", None)
    elements = children(child(root, "Notes"), "Note")
    note_guids = [ctx.guid(note, "guid", "note", str(i)) for i, note in enumerate(elements)]
    kinds = _target_kinds(project)
    _attach_by_links(child(root, "Links"), set(note_guids), kinds, ctx)
    notes: list[QdaNote] = []
    for guid, element in zip(note_guids, elements, strict=True):
        notes.extend(_note_copies(guid, element, kinds, ctx))
    description = child_text(root, "Description").strip()
    if description:
        notes.append(QdaNote(derived_guid("description", "project"), description))
    notes.extend(ctx.inline_notes)
    for note in notes:
        note.text = normalise_text(note.text)
    return notes


def _attach_by_links(
    links: ET.Element | None, notes: set[str], kinds: dict[str, str], ctx: ReadContext
) -> None:
    for link in children(links, "Link"):
        ends = canonical_guid(link.get("originGUID")), canonical_guid(link.get("targetGUID"))
        for note, other in (ends, ends[::-1]):
            if note in notes and other in kinds:
                ctx.note_refs.setdefault(note, []).append((kinds[other], other))


def _note_copies(
    guid: str, element: ET.Element, kinds: dict[str, str], ctx: ReadContext
) -> list[QdaNote]:
    """One QdaNote per object the note is attached to (the first keeps the note's GUID)."""
    refs = list(dict.fromkeys(ctx.note_refs.get(guid, [])))
    targets = [(kind, g) for kind, g in refs if kind == "project" or g in kinds]
    name = element.get("name", "")
    if refs and not targets:
        ctx.warnings.append(f"note {name or guid!r} belonged to something not imported")
    text = _note_text(element, ctx)
    user = canonical_guid(element.get("creatingUser"))
    created = element.get("creationDateTime", "")
    copies = []
    for index, (kind, target) in enumerate(targets or [("project", None)]):
        copy_guid = guid if index == 0 else derived_guid("note", guid, kind, str(target))
        copies.append(QdaNote(copy_guid, text, name, kind, target, user, created))
    return copies


def _note_text(element: ET.Element, ctx: ReadContext) -> str:
    content = child(element, "PlainTextContent")
    if content is not None and content.text:
        return content.text
    path = element.get("plainTextPath")
    data = ctx.resolve_text(path) if path else None
    if data is not None:
        text, _encoding, warnings = decode_bytes(data, f"{ctx.label}: {path}")
        ctx.warnings.extend(warnings)
        return text
    return child_text(element, "Description")


def _sets(element: ET.Element | None, project: QdaProject) -> list[QdaSet]:
    codes = {code.guid for code in project.codes}
    sources = {source.guid for source in project.sources}
    found = []
    for index, item in enumerate(children(element, "Set")):
        guid = canonical_guid(item.get("guid")) or derived_guid("set", str(index))
        members = [canonical_guid(m.get("targetGUID")) for m in children(item, "MemberCode")]
        files = [canonical_guid(m.get("targetGUID")) for m in children(item, "MemberSource")]
        group = QdaSet(guid, item.get("name") or guid, description=child_text(item, "Description"))
        group.code_guids = [m for m in members if m and m in codes]
        group.source_guids = [m for m in files if m and m in sources]
        found.append(group)
    return found
