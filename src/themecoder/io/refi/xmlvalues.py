"""Building blocks of the `.qde` writer: XML-safe, escaped strings and schema-valid values.

The writer emits the document as text, line by line, laid out as `ElementTree.indent(space="  ")`
followed by `ElementTree.tostring` would: two spaces per level, `<Tag a="v" />` for an empty
element, attribute values escaped with `&#10;`/`&#13;`/`&#09;` for line breaks and tabs.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from themecoder.core.guids import derived_guid
from themecoder.io.refi.model import QdaNote, QdaProject
from themecoder.io.refi.xmlutil import canonical_guid

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
_ATTRIBUTE_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                      ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))  # fmt: skip


def xml_safe(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry (most C0 controls, lone surrogates)."""
    return _NOT_XML.sub("", value)


def escape_text(value: str) -> str:
    """Element content: XML-safe, with `&`, `<` and `>` escaped."""
    value = xml_safe(value)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def escape_attribute(value: str) -> str:
    """An attribute value: XML-safe, markup and quotes escaped, line breaks and tabs as
    character references (so that a reader gets them back instead of spaces)."""
    value = xml_safe(value)
    for char, reference in _ATTRIBUTE_ESCAPES:
        if char in value:
            value = value.replace(char, reference)
    return value


def attributes(**values: str | None) -> str:
    """` name="value"` for each attribute; those that are None or empty are left out."""
    return "".join(
        f' {name}="{escape_attribute(value)}"' for name, value in values.items() if value
    )


def leaf(depth: int, tag: str, text: str | None = None, **values: str | None) -> str:
    """One line: an element without children at `depth`, with optional text content."""
    content = escape_text(text) if text else ""
    if content:
        return f"{'  ' * depth}<{tag}{attributes(**values)}>{content}</{tag}>\n"
    return f"{'  ' * depth}<{tag}{attributes(**values)} />\n"


def block(out: list[str], depth: int, tag: str, attrs: str, inner: list[str]) -> None:
    """Append an element whose children are the lines `inner` (empty: `<Tag ... />`).

    Args:
        out: the document's lines so far.
        depth: the element's level (the root is 0), two spaces each.
        tag: the element name.
        attrs: its attributes, as `attributes()` gives them.
        inner: its children, already laid out one level deeper.
    """
    pad = "  " * depth
    if not inner:
        out.append(f"{pad}<{tag}{attrs} />\n")
        return
    out.append(f"{pad}<{tag}{attrs}>\n")
    out.extend(inner)
    out.append(f"{pad}</{tag}>\n")


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


@lru_cache(maxsize=4096)
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


def variable_value(depth: int, variable: tuple[str, str], value: str) -> list[str]:
    """The lines of a `<VariableValue>` at `depth`; none for an empty value of a non-text type."""
    guid, kind = variable
    if not value and kind != "Text":
        return []
    inner = [
        leaf(depth + 1, "VariableRef", targetGUID=guid),
        leaf(depth + 1, f"{kind}Value", value),
    ]
    lines: list[str] = []
    block(lines, depth, "VariableValue", "", inner)
    return lines


def attach_notes(notes: list[QdaNote]) -> dict[tuple[str, str | None], list[str]]:
    """{(target kind, target GUID): [note GUIDs]}; project notes are under ("project", None)."""
    attached: dict[tuple[str, str | None], list[str]] = {}
    for note in notes:
        target = None if note.target_kind == "project" else note.target_guid
        attached.setdefault((note.target_kind, target), []).append(note.guid)
    return attached
