"""Codebooks as YAML (the format documented in codebooks/README.md).

Reading walks the composed YAML node tree rather than the loaded objects, so every error names
the file and the line: `codebook.yaml:12: bad colour '#12': use #rrggbb, e.g. #1f77b4`.
Aliases (`*name`) are refused, which also stops "billion laughs" documents. JSON codebooks share
the walker (`codebook_from_nodes`) and the tree writer (`codebook_to_tree`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node, SequenceNode

from themecoder.core.codebook import Codebook, CodeSet, stable_guid
from themecoder.core.errors import InputError
from themecoder.core.model import CodeDef
from themecoder.io.codebook_nodes import NodeReader, compose_without_aliases

TOP_KEYS = ("name", "description", "codes", "sets")
CODE_KEYS = (
    "name", "description", "include", "exclude", "examples", "color", "shortcut", "guid",
    "children",
)  # fmt: skip
SET_KEYS = ("name", "description", "codes", "guid")


# --- reading ---------------------------------------------------------------------------------


def read_codebook_yaml(path: Path) -> Codebook:
    """Read a YAML codebook. Raises InputError `file:line: problem` for anything wrong in it."""
    text = read_text(path)
    root = compose_without_aliases(text, str(path))
    return codebook_from_nodes(root, NodeReader(str(path), text), default_name=path.stem)


def read_text(path: Path) -> str:
    """The file's text (UTF-8, with or without BOM); InputError when missing or not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read the file: {err.strerror or err}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 text (byte {err.start})") from None


def codebook_from_nodes(root: Node | None, reader: NodeReader, default_name: str) -> Codebook:
    """Build a Codebook from a composed YAML/JSON node tree, naming `reader.source` in errors."""
    if root is None:
        raise InputError(f"{reader.source}: the codebook is empty")
    if isinstance(root, SequenceNode):  # a bare list of codes
        fields: dict[str, tuple[Node, Node]] = {"codes": (root, root)}
    else:
        fields = reader.mapping(root, "the codebook", TOP_KEYS)
    if "codes" not in fields:
        reader.fail(root, "no 'codes:' list in the codebook")
    codes = _CodeCollector(reader)
    for node in reader.sequence(fields["codes"][1], "codes"):
        codes.read(node, None)
    name = _field_text(reader, fields, "name") or default_name
    description = _field_text(reader, fields, "description")
    codebook = Codebook.from_codes(codes.found, name, description, source=reader.source)
    if "sets" in fields:
        set_nodes = reader.sequence(fields["sets"][1], "sets")
        sets = [_read_set(node, reader, codebook) for node in set_nodes]
        codebook = Codebook.from_codes(
            codebook.codes, name, description, sets, source=reader.source
        )
    return codebook


def _field_text(reader: NodeReader, fields: dict[str, tuple[Node, Node]], key: str) -> str:
    return reader.text(fields[key][1], key) if key in fields else ""


class _CodeCollector:
    """Reads code mappings depth-first into CodeDefs, checking each value where it stands."""

    def __init__(self, reader: NodeReader) -> None:
        self.reader = reader
        self.found: list[CodeDef] = []
        self.lines: dict[str, int | None] = {}
        self.shortcuts: dict[str, tuple[str, int | None]] = {}

    def read(self, node: Node, parent: str | None) -> None:
        """Read the code at `node` (and its children) below `parent`."""
        reader = self.reader
        fields = reader.mapping(node, "a code", CODE_KEYS)
        if "name" not in fields:
            reader.fail(node, "a code has no 'name'")
        name_node = fields["name"][1]
        path = reader.path(name_node, parent)
        self._check_new(path, name_node)
        code = CodeDef(path, position=len(self.found))
        for key in ("description", "include", "exclude"):
            if key in fields:
                setattr(code, key, reader.text(fields[key][1], key))
        if "examples" in fields:
            code.examples = reader.text_list(fields["examples"][1], "examples")
        if "color" in fields:
            code.color = reader.color(fields["color"][1])
        if "shortcut" in fields:
            code.shortcut = self._shortcut(fields["shortcut"][1], path)
        if "guid" in fields:
            code.guid = reader.guid(fields["guid"][1])
        self.found.append(code)
        if "children" in fields:
            for child in reader.sequence(fields["children"][1], "children"):
                self.read(child, path)

    def _check_new(self, path: str, node: Node) -> None:
        if path in self.lines:
            first = self.lines[path]
            where = f" (first defined on line {first})" if first else ""
            self.reader.fail(node, f"duplicate code {path!r}{where}")
        self.lines[path] = self.reader.line(node)

    def _shortcut(self, node: Node, path: str) -> str | None:
        key = self.reader.shortcut(node)
        if key is None:
            return None
        if key in self.shortcuts:
            owner, line = self.shortcuts[key]
            where = f" (line {line})" if line else ""
            self.reader.fail(node, f"shortcut {key!r} is already used by {owner!r}{where}")
        self.shortcuts[key] = (path, self.reader.line(node))
        return key


def _read_set(node: Node, reader: NodeReader, codebook: Codebook) -> CodeSet:
    fields = reader.mapping(node, "a set", SET_KEYS)
    if "name" not in fields:
        reader.fail(node, "a set has no 'name'")
    members = []
    for ref in reader.sequence(fields["codes"][1], "codes") if "codes" in fields else []:
        try:
            members.append(codebook.find(reader.text(ref, "codes")).path)
        except InputError as err:
            reader.fail(ref, str(err))
    guid = reader.guid(fields["guid"][1]) if "guid" in fields else None
    name = reader.text(fields["name"][1], "name")
    return CodeSet(name, _field_text(reader, fields, "description"), members, guid)


# --- writing ---------------------------------------------------------------------------------


def codebook_to_tree(codebook: Codebook, *, all_keys: bool = False) -> dict[str, Any]:
    """The codebook as nested dicts and lists in the YAML layout.

    Empty fields are left out unless `all_keys` (JSON writes every key). A `guid` is written
    only when it is not the one derived from the path.
    """
    tree: dict[str, Any] = {"name": codebook.name}
    if codebook.description or all_keys:
        tree["description"] = codebook.description
    tree["codes"] = [_code_tree(codebook, code, all_keys) for code in codebook.children(None)]
    if codebook.sets:
        tree["sets"] = [_set_tree(code_set, all_keys) for code_set in codebook.sets]
    return tree


def _code_tree(codebook: Codebook, code: CodeDef, all_keys: bool) -> dict[str, Any]:
    own_guid = code.guid if code.guid and code.guid != stable_guid(code.path) else None
    values: dict[str, Any] = {
        "name": code.name,
        "description": code.description,
        "include": code.include,
        "exclude": code.exclude,
        "examples": list(code.examples),
        "color": code.color,
        "shortcut": code.shortcut,
        "guid": own_guid,
    }
    tree = {k: v for k, v in values.items() if all_keys or k == "name" or v}
    children = [_code_tree(codebook, child, all_keys) for child in codebook.children(code.path)]
    if children or all_keys:
        tree["children"] = children
    return tree


def _set_tree(code_set: CodeSet, all_keys: bool) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": code_set.name,
        "description": code_set.description,
        "codes": list(code_set.members),
        "guid": code_set.guid,
    }
    return {k: v for k, v in values.items() if all_keys or k == "name" or v}


class _Dumper(yaml.SafeDumper):
    """Block-style lists indented under their key; multi-line text as `|` literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def codebook_to_yaml(codebook: Codebook) -> str:
    """The codebook as YAML text in the documented format."""
    return yaml.dump(
        codebook_to_tree(codebook),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def write_codebook_yaml(codebook: Codebook, path: Path) -> None:
    """Write `codebook` to `path` as YAML (UTF-8)."""
    path.write_text(codebook_to_yaml(codebook), encoding="utf-8")


__all__ = [
    "codebook_from_nodes",
    "codebook_to_tree",
    "codebook_to_yaml",
    "read_codebook_yaml",
    "read_text",
    "write_codebook_yaml",
]
