"""Checked access to composed YAML nodes, so codebook errors can name the file and the line."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NoReturn

import yaml
from rapidfuzz import fuzz, process
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from themecoder.core.codebook import check_guid, check_shortcut, normalise_color, normalise_path
from themecoder.core.errors import InputError

NULL_TAG = "tag:yaml.org,2002:null"
UNQUOTED_COLOR = re.compile(r"colou?r\s*:\s*#")


def compose_without_aliases(text: str, source: str) -> Node | None:
    """Compose YAML `text` into nodes; InputError `source:line: ...` on bad syntax or an alias.

    Aliases are refused before composing, so a "billion laughs" document costs nothing.
    """
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise InputError(
                    f"{source}:{line}: YAML aliases (*{event.anchor}) are not allowed in a codebook"
                )
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{source}:{mark.line + 1}" if mark else source
        problem = err.problem or err.context or "bad YAML"
        raise InputError(f"{where}: could not parse YAML: {problem}") from None
    except yaml.YAMLError as err:
        raise InputError(f"{source}: could not parse YAML: {' '.join(str(err).split())}") from None


class NodeReader:
    """Reads values out of YAML nodes; every problem is an InputError `source:line: problem`."""

    def __init__(self, source: str, text: str = "") -> None:
        self.source = source
        self.lines = text.splitlines()

    def line(self, node: Node) -> int | None:
        """The 1-based line where `node` starts, or None for nodes built without marks."""
        mark = node.start_mark
        return mark.line + 1 if mark is not None else None

    def fail(self, node: Node, problem: str) -> NoReturn:
        """Raise InputError for `problem` at `node`."""
        line = self.line(node)
        where = f"{self.source}:{line}" if line else self.source
        raise InputError(f"{where}: {problem}")

    def mapping(self, node: Node, what: str, keys: tuple[str, ...]) -> dict[str, tuple[Node, Node]]:
        """Key -> (key node, value node) of a mapping; unknown or repeated keys are errors."""
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what} must be a mapping of keys such as 'name:', not {_kind(node)}")
        found: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node)
            if key in found:
                self.fail(key_node, f"key {key!r} appears twice in {what}")
            if key not in keys:
                self.fail(key_node, f"unknown key {key!r} in {what}{_suggest(key, keys)}")
            found[key] = (key_node, value_node)
        return found

    def sequence(self, node: Node, key: str) -> list[Node]:
        """The items of a list; an empty value is an empty list."""
        if isinstance(node, SequenceNode):
            return list(node.value)
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            return []
        self.fail(node, f"'{key}' must be a list (lines starting with '- '), not {_kind(node)}")

    def text(self, node: Node, key: str) -> str:
        """A scalar as stripped text; null is `""`. Lists and mappings are errors."""
        if not isinstance(node, ScalarNode):
            self.fail(node, f"'{key}' must be text, not {_kind(node)}")
        return "" if node.tag == NULL_TAG else str(node.value).strip()

    def optional(self, node: Node, key: str) -> str | None:
        """A scalar as text, None when null or empty."""
        return self.text(node, key) or None

    def text_list(self, node: Node, key: str) -> list[str]:
        """A list of texts (a single text is a list of one); empty items are dropped."""
        if isinstance(node, ScalarNode):
            value = self.text(node, key)
            return [value] if value else []
        items = [self.text(item, key) for item in self.sequence(node, key)]
        return [item for item in items if item]

    def path(self, node: Node, parent: str | None) -> str:
        """A code `name` (which may itself be a path `a/b`) joined to its parent's path."""
        name = self.text(node, "name")
        if not name:
            self.fail(node, "a code's 'name' is empty")
        try:
            return normalise_path(f"{parent}/{name}" if parent else name)
        except ValueError as err:
            self.fail(node, str(err))

    def color(self, node: Node) -> str | None:
        """A colour as lowercase `#rrggbb`; an unquoted `#...` (a YAML comment) is an error."""
        value = self.optional(node, "color")
        if value is None:
            line = self.line(node)
            if line and UNQUOTED_COLOR.search(
                self.lines[line - 1] if line <= len(self.lines) else ""
            ):
                self.fail(
                    node, 'put the colour in quotes, e.g. color: "#1f77b4" (# starts a comment)'
                )
            return None
        return self._checked(node, normalise_color, value)

    def shortcut(self, node: Node) -> str | None:
        """A one-character shortcut key, or None."""
        value = self.optional(node, "shortcut")
        return None if value is None else self._checked(node, check_shortcut, value)

    def guid(self, node: Node) -> str | None:
        """A GUID, or None."""
        value = self.optional(node, "guid")
        return None if value is None else self._checked(node, check_guid, value)

    def _checked(self, node: Node, check: Callable[[str], str], value: str) -> str:
        try:
            return check(value)
        except ValueError as err:
            self.fail(node, str(err))


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the text {node.value!r}" if isinstance(node, ScalarNode) else "this"


def _suggest(key: str, keys: tuple[str, ...]) -> str:
    match = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=60)
    if match:
        return f" (did you mean {match[0]!r}?)"
    return f" (known keys: {', '.join(keys)})"
