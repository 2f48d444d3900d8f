"""Building blocks of the `.qde` writer: elements, XML-safe strings, schema-valid values."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime

from themecoder.io.refi.model import QdaNote, QdaProject
from themecoder.io.refi.xmlutil import canonical_guid, derived_guid

VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ZONE = r"(?:Z|[+-]\d{2}:\d{2})?"
_VALUE_FORMS = {
    "Boolean": re.compile(r"true|false|1|0"),
    "Integer": re.compile(r"[+-]?\d+"),
    "Float": re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"),
    "Date": re.compile(rf"(\d{{4}}-\d{{2}}-\d{{2}}){_ZONE}"),
    "DateTime": re.compile(rf"(\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}})(?:\.\d+)?{_ZONE}"),
}


def xml_safe(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry (most C0 controls, lone surrogates)."""
    return _NOT_XML.sub("", value)


def element(
    parent: ET.Element, tag: str, text: str | None = None, **attributes: str | None
) -> ET.Element:
    """Append a child; attributes that are None or empty are left out."""
    node = ET.SubElement(parent, tag, {k: xml_safe(v) for k, v in attributes.items() if v})
    if text is not None:
        node.text = xml_safe(text)
    return node


def fits(kind: str, value: str) -> bool:
    """Whether `value` is a valid lexical form of the REFI variable type `kind`."""
    if kind == "Text":
        return True
    form = _VALUE_FORMS.get(kind)
    match = form.fullmatch(value) if form else None
    if match is None:
        return False
    try:
        if kind == "Date":
            date.fromisoformat(match.group(1))
        elif kind == "DateTime":
            datetime.fromisoformat(match.group(1))
    except ValueError:
        return False
    return True


def xsd_datetime(value: str) -> str | None:
    """`value` as an xsd:dateTime (`2024-05-01 10:00:00` gets its `T`), None if it is not one."""
    text = value.strip().replace(" ", "T", 1)
    return text if text and fits("DateTime", text) else None


def variable_types(project: QdaProject) -> dict[str, tuple[str, str]]:
    """{variable name: (guid, type)} for every variable the cases and sources use. The declared
    type is kept when every value fits it, else it becomes Text; undeclared names are Text."""
    values: dict[str, list[str]] = {v.name: [] for v in project.variables}
    holders: list[dict[str, str]] = [c.variables for c in project.cases]
    holders += [s.variables for s in project.sources]
    for variables in holders:
        for name, value in variables.items():
            values.setdefault(name, []).append(value)
    declared = {v.name: v for v in project.variables}
    types = {}
    for name, found in values.items():
        variable = declared.get(name)
        kind = variable.type if variable and variable.type in VARIABLE_TYPES else "Text"
        if not all(fits(kind, value) for value in found if value):
            kind = "Text"
        guid = canonical_guid(variable.guid) if variable else None
        types[name] = (guid or derived_guid("variable", name), kind)
    return types


def variable_value(parent: ET.Element, variable: tuple[str, str], value: str) -> None:
    """Append a `<VariableValue>`; an empty value of a non-text variable is left out."""
    guid, kind = variable
    if not value and kind != "Text":
        return
    node = element(parent, "VariableValue")
    element(node, "VariableRef", targetGUID=guid)
    element(node, f"{kind}Value", text=value)


def attach_notes(notes: list[QdaNote]) -> dict[tuple[str, str | None], list[str]]:
    """{(target kind, target GUID): [note GUIDs]}; project notes are under ("project", None)."""
    attached: dict[tuple[str, str | None], list[str]] = {}
    for note in notes:
        target = None if note.target_kind == "project" else note.target_guid
        attached.setdefault((note.target_kind, target), []).append(note.guid)
    return attached
