"""REFI-QDA codebooks: read and write `.qdc`, and read the `<CodeBook>` of a `.qde` project.

The format (namespace `urn:QDA-XML:codebook:1.0`) has `CodeBook > Codes > Code` with `guid`,
`name`, `isCodable`, `color` and a `Description`; codes nest. It has no place for inclusion and
exclusion criteria or examples, so they are written into the description as labelled
paragraphs (`Include: ...`, `Exclude: ...`, `Example: ...`) and read back from it. Shortcuts are
not carried. GUIDs are kept; a code without one gets a uuid5 of its path, so repeated exports
are identical.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

from themecoder import __version__
from themecoder.core.codebook import (
    Codebook,
    CodeSet,
    normalise_color,
    stable_guid,
)
from themecoder.core.errors import InputError
from themecoder.core.model import CodeDef
from themecoder.io.safexml import (
    child_named,
    child_text,
    children_named,
    local_name,
    parse_xml_file,
)

NAMESPACE = "urn:QDA-XML:codebook:1.0"
SECTION = re.compile(r"(?:^|\n\n)(Include|Exclude|Example): ")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# --- reading ---------------------------------------------------------------------------------


def read_qdc(path: Path) -> Codebook:
    """Read a REFI-QDA `.qdc` codebook (any namespace version; ATLAS.ti `<Set>`s kept).

    Raises InputError naming the file for unsafe or malformed XML or another root element.
    Oddities of the file (a `/` in a name, a repeated sibling name, a bad colour) are repaired
    and listed in the returned codebook's `warnings`.
    """
    root = parse_xml_file(path)
    if local_name(root.tag) != "CodeBook":
        raise InputError(f"{path}: not a REFI-QDA codebook: its root is <{local_name(root.tag)}>")
    warnings: list[str] = []
    codes = codes_from_qde_codebook(root, warnings)
    sets = sets_from_codebook(root, codes, warnings)
    return Codebook.from_codes(
        codes, name=path.stem, sets=sets, source=str(path), warnings=warnings
    )


def codes_from_qde_codebook(element: Element, warnings: list[str] | None = None) -> list[CodeDef]:
    """The codes under a `<CodeBook>` element (of a `.qdc` or a `.qde` project), in tree order.

    Each CodeDef keeps the file's `guid` as written, so codings can be matched to it. Names are
    made usable as paths: a `/` becomes `-`, control characters spaces, an empty name
    `unnamed`, and a repeated sibling name gets ` (2)`; the `/` and repeat repairs are appended
    to `warnings` when given.
    """
    codes: list[CodeDef] = []
    notes = warnings if warnings is not None else []
    container = child_named(element, "Codes")
    if container is not None:
        _read_code_elements(container, None, codes, notes)
    return codes


def _read_code_elements(
    container: Element, parent: str | None, out: list[CodeDef], warnings: list[str]
) -> None:
    taken: set[str] = set()
    for position, node in enumerate(children_named(container, "Code")):
        name = _usable_name(node.get("name", ""), taken, parent, warnings)
        taken.add(name)
        path = f"{parent}/{name}" if parent else name
        description, include, exclude, examples = split_description(child_text(node, "Description"))
        out.append(
            CodeDef(
                path=path,
                description=description,
                include=include,
                exclude=exclude,
                examples=examples,
                color=_color(node.get("color"), path, warnings),
                position=position,
                guid=(node.get("guid") or "").strip() or None,
            )
        )
        _read_code_elements(node, path, out, warnings)


def _usable_name(raw: str, taken: set[str], parent: str | None, warnings: list[str]) -> str:
    printable = "".join(ch if ch.isprintable() else " " for ch in raw.replace("/", "-"))
    name = printable.strip() or "unnamed"
    if "/" in raw:
        warnings.append(f"code {raw!r}: '/' separates code paths here, renamed {name!r}")
    base, copy = name, 1
    while name in taken:
        copy += 1
        name = f"{base} ({copy})"
    if name != base:
        where = f" under {parent!r}" if parent else ""
        warnings.append(f"code {base!r}{where} appears twice: the second is named {name!r}")
    return name


def _color(value: str | None, path: str, warnings: list[str]) -> str | None:
    if not value:
        return None
    try:
        return normalise_color(value)
    except ValueError as err:
        warnings.append(f"code {path!r}: {err}; colour dropped")
        return None


def sets_from_codebook(
    element: Element, codes: list[CodeDef], warnings: list[str] | None = None
) -> list[CodeSet]:
    """The `<Sets>` of a `<CodeBook>` element, members resolved by guid to the paths in `codes`."""
    by_guid = {code.guid.strip("{}").lower(): code.path for code in codes if code.guid}
    container = child_named(element, "Sets")
    sets: list[CodeSet] = []
    for node in children_named(container, "Set") if container is not None else ():
        members = []
        for member in children_named(node, "MemberCode"):
            member_guid = (member.get("guid") or "").strip("{} ").lower()
            if member_guid in by_guid:
                members.append(by_guid[member_guid])
            elif warnings is not None:
                warnings.append(f"set {node.get('name')!r}: no code with guid {member_guid!r}")
        description = child_text(node, "Description").strip()
        set_guid = (node.get("guid") or "").strip() or None
        sets.append(CodeSet(node.get("name", "").strip(), description, members, set_guid))
    return sets


def split_description(text: str) -> tuple[str, str, str, list[str]]:
    """Split a description into (description, include, exclude, examples) at labelled paragraphs."""
    pieces = SECTION.split(text.strip())
    sections: dict[str, list[str]] = {"Include": [], "Exclude": [], "Example": []}
    for label, body in zip(pieces[1::2], pieces[2::2], strict=True):
        sections[label].append(body.strip())
    include = "\n\n".join(sections["Include"])
    exclude = "\n\n".join(sections["Exclude"])
    return pieces[0].strip(), include, exclude, sections["Example"]


# --- writing ---------------------------------------------------------------------------------


def compose_description(code: CodeDef) -> str:
    """The code's description with its criteria and examples as labelled paragraphs."""
    parts = [code.description] if code.description else []
    parts += [f"Include: {code.include}"] if code.include else []
    parts += [f"Exclude: {code.exclude}"] if code.exclude else []
    parts += [f"Example: {example}" for example in code.examples]
    return "\n\n".join(parts)


def codebook_to_qdc(codebook: Codebook) -> bytes:
    """The codebook as `.qdc` XML bytes (UTF-8), valid against the REFI-QDA Codebook.xsd."""
    if not len(codebook):
        raise InputError("a .qdc codebook needs at least one code; this codebook is empty")
    # Plain tag names plus an explicit xmlns: ElementTree's default_namespace option refuses
    # unqualified attribute names.
    root = Element("CodeBook", {"xmlns": NAMESPACE, "origin": f"themecoder {__version__}"})
    codes = ET.SubElement(root, "Codes")
    for code in codebook.children(None):
        _append_code(codes, codebook, code)
    if codebook.sets:
        _append_sets(root, codebook)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def write_qdc(codebook: Codebook, path: Path) -> None:
    """Write `codebook` to `path` as a REFI-QDA `.qdc` file."""
    path.write_bytes(codebook_to_qdc(codebook))


def code_guid(code: CodeDef) -> str:
    """The guid written for `code`: its own, else the stable uuid5 of its path."""
    return code.guid or stable_guid(code.path)


def set_guid(code_set: CodeSet) -> str:
    """The guid written for `code_set`: its own, else a stable uuid5 of its name."""
    return code_set.guid or stable_guid(f"set:{code_set.name}")


def _append_code(parent: Element, codebook: Codebook, code: CodeDef) -> None:
    attributes = {"guid": code_guid(code), "name": code.name, "isCodable": "true"}
    if code.color:
        attributes["color"] = code.color
    node = ET.SubElement(parent, "Code", attributes)
    description = NOT_XML.sub("", compose_description(code))  # characters XML 1.0 cannot hold
    if description:
        ET.SubElement(node, "Description").text = description
    for child in codebook.children(code.path):
        _append_code(node, codebook, child)


def _append_sets(root: Element, codebook: Codebook) -> None:
    container = ET.SubElement(root, "Sets")
    for code_set in codebook.sets:
        guid = set_guid(code_set)
        node = ET.SubElement(container, "Set", {"guid": guid, "name": code_set.name})
        if code_set.description:
            ET.SubElement(node, "Description").text = NOT_XML.sub("", code_set.description)
        for path in code_set.members:
            member = codebook.get(path)
            if member is not None:
                ET.SubElement(node, "MemberCode", {"guid": code_guid(member)})


__all__ = [
    "code_guid",
    "codebook_to_qdc",
    "codes_from_qde_codebook",
    "compose_description",
    "read_qdc",
    "set_guid",
    "sets_from_codebook",
    "split_description",
    "write_qdc",
]
