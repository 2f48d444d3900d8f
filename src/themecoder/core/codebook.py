"""The codebook: an ordered tree of codes addressed by path (`parent/child`).

`Codebook` validates what it is given (unique paths, well-formed colours and shortcuts, parents
present or created implicitly), keeps codes in tree order, finds codes by path or leaf name and
computes the path mappings for renaming and merging codes. Merging an imported codebook into the
project's lives in `core.codebook_merge`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from themecoder.core.errors import InputError, NotFoundError
from themecoder.core.model import CodeDef

if TYPE_CHECKING:
    from themecoder.core.codebook_merge import CodebookChanges

HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
GUID = re.compile(r"\{?[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\}?")
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://themecoder.invalid/code")


def normalise_color(value: str) -> str:
    """Return `#rgb` or `#rrggbb` (any case) as lowercase `#rrggbb`; ValueError otherwise."""
    text = value.strip()
    if not HEX_COLOR.fullmatch(text):
        raise ValueError(f"bad colour {value!r}: use #rrggbb, e.g. #1f77b4")
    if len(text) == 4:
        text = "#" + "".join(ch * 2 for ch in text[1:])
    return text.lower()


def check_shortcut(value: str) -> str:
    """Return `value` if it is one printable, non-space character; ValueError otherwise."""
    if len(value) != 1 or not value.isprintable() or value.isspace():
        raise ValueError(f"bad shortcut {value!r}: use a single key such as 1 or a")
    return value


def check_guid(value: str) -> str:
    """Return `value` stripped if it is a GUID (with or without braces); ValueError otherwise."""
    text = value.strip()
    if not GUID.fullmatch(text):
        raise ValueError(f"bad guid {value!r}: use the form 1ff58b12-6f6f-4b0c-8be5-bbdc91f55294")
    return text


def split_path(path: str) -> list[str]:
    """The parts of a code path, stripped; ValueError on an empty or unprintable part."""
    parts = [part.strip() for part in path.split("/")]
    if any(not part for part in parts):
        raise ValueError(f"bad code path {path!r}: a part of it is empty")
    for part in parts:
        if not part.isprintable():
            raise ValueError(f"bad code path {path!r}: it contains a control character")
    return parts


def normalise_path(path: str) -> str:
    """`' a / b '` -> `'a/b'`; ValueError for a path with an empty or unprintable part."""
    return "/".join(split_path(path))


def ancestors(path: str) -> list[str]:
    """The paths above `path`, outermost first: `a/b/c` -> `['a', 'a/b']`."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def stable_guid(path: str) -> str:
    """A GUID derived from the code path, identical on every export (uuid5)."""
    return str(uuid.uuid5(GUID_NAMESPACE, path))


def same_guid(a: str | None, b: str | None) -> bool:
    """Compare two GUIDs ignoring case and braces."""
    if a is None or b is None:
        return a is b
    return a.strip("{}").lower() == b.strip("{}").lower()


@dataclass(slots=True)
class CodeSet:
    """A named group of codes (REFI-QDA `<Set>`, ATLAS.ti code group); members are code paths."""

    name: str
    description: str = ""
    members: list[str] = field(default_factory=list)
    guid: str | None = None


class Codebook:
    """An ordered, validated tree of `CodeDef`s.

    Build one with `Codebook.from_codes(codes, ...)`. Codes are copied and normalised: paths
    stripped, colours lowercase `#rrggbb`, positions renumbered 0.. within each sibling group.
    Missing parents of `a/b/c` are created. Raises InputError (prefixed with `source`) on
    duplicate paths, bad colours, shortcuts or GUIDs, and shortcuts or GUIDs used twice.
    """

    def __init__(
        self,
        name: str = "",
        description: str = "",
        codes: Iterable[CodeDef] = (),
        sets: Iterable[CodeSet] = (),
        *,
        source: str = "codebook",
        warnings: Iterable[str] = (),
    ) -> None:
        self.name = name
        self.description = description
        self.source = source
        self.warnings: list[str] = list(warnings)
        self._codes: dict[str, CodeDef] = _tree_order(_collect(codes, source))
        self._children: dict[str | None, list[CodeDef]] = {}
        for code in self._codes.values():
            self._children.setdefault(code.parent, []).append(code)
        _check_unique(self._codes.values(), "shortcut", source)
        _check_unique(self._codes.values(), "guid", source)
        self.sets: list[CodeSet] = [self._checked_set(s) for s in sets]

    @classmethod
    def from_codes(
        cls,
        codes: Iterable[CodeDef],
        name: str = "",
        description: str = "",
        sets: Iterable[CodeSet] = (),
        *,
        source: str = "codebook",
        warnings: Iterable[str] = (),
    ) -> Codebook:
        """Validate `codes` and build a Codebook (see the class docstring)."""
        return cls(name, description, codes, sets, source=source, warnings=warnings)

    # --- reading -----------------------------------------------------------------------------

    @property
    def codes(self) -> list[CodeDef]:
        """All codes in tree order: parents before children, siblings by position."""
        return list(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[CodeDef]:
        return iter(self.codes)

    def __contains__(self, path: object) -> bool:
        return path in self._codes

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Codebook):
            return NotImplemented
        return (self.name, self.description, self.codes, self.sets) == (
            other.name,
            other.description,
            other.codes,
            other.sets,
        )

    def __repr__(self) -> str:
        return f"Codebook(name={self.name!r}, codes={len(self)})"

    def get(self, path: str) -> CodeDef | None:
        """The code at exactly `path`, or None."""
        return self._codes.get(path)

    def children(self, path: str | None = None) -> list[CodeDef]:
        """The direct children of `path` in order; the top-level codes when `path` is None."""
        return list(self._children.get(path, []))

    def descendants(self, path: str) -> list[CodeDef]:
        """Every code below `path`, in tree order (not `path` itself)."""
        prefix = path + "/"
        return [code for code in self._codes.values() if code.path.startswith(prefix)]

    def leaves(self) -> list[CodeDef]:
        """The codes without children, in tree order."""
        return [code for code in self._codes.values() if code.path not in self._children]

    def shortcut_map(self) -> dict[str, str]:
        """Key -> code path: the codebook's shortcuts, else 1-9 for the first nine leaf codes."""
        explicit = {code.shortcut: code.path for code in self._codes.values() if code.shortcut}
        if explicit:
            return explicit
        return {str(i): code.path for i, code in enumerate(self.leaves()[:9], start=1)}

    def find(self, ref: str) -> CodeDef:
        """The code `ref` names: an exact path, else a unique path suffix such as a leaf name.

        Case is ignored when nothing matches exactly. Raises NotFoundError naming the near
        matches when there is no such code, or the candidates when `ref` is ambiguous.
        """
        text = ref.strip().strip("/")
        try:
            text = normalise_path(text)
        except ValueError:
            pass
        if text in self._codes:
            return self._codes[text]
        for fold in (False, True):
            found = self._suffix_matches(text, fold)
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                paths = ", ".join(code.path for code in found)
                raise NotFoundError(f"code {ref!r} is ambiguous: {paths}; give the full path")
        raise NotFoundError(self._not_found_message(ref))

    def _suffix_matches(self, text: str, fold: bool) -> list[CodeDef]:
        key = text.casefold() if fold else text
        found = []
        for path, code in self._codes.items():
            candidate = path.casefold() if fold else path
            if candidate == key or candidate.endswith("/" + key):
                found.append(code)
        return found

    def _not_found_message(self, ref: str) -> str:
        if not self._codes:
            return f"no code {ref!r}: the codebook is empty"
        near = process.extract(ref, list(self._codes), scorer=fuzz.WRatio, limit=3, score_cutoff=60)
        hint = f" (did you mean: {', '.join(match[0] for match in near)}?)" if near else ""
        return f"no code {ref!r} in the codebook{hint}"

    # --- merging, renaming -----------------------------------------------------------------------

    def merge(self, other: Codebook) -> CodebookChanges:
        """Merge `other` (an imported codebook) into this one; see `merge_codebooks`."""
        from themecoder.core.codebook_merge import merge_codebooks

        return merge_codebooks(self, other)

    def renamed(self, old: str, new: str) -> dict[str, str]:
        """The path mapping for renaming code `old` (and moving its children with it).

        `new` with a `/` is the full new path (a leading `/` moves the code to the top level);
        without one it is a new name under the same parent. Raises InputError when the new path
        exists already (use `merged`) or lies inside the code itself.
        """
        code = self.find(old)
        target = _rename_target(code, new)
        if target == code.path:
            return {}
        if target.startswith(code.path + "/"):
            raise InputError(f"cannot rename {code.path!r} to {target!r}: that is inside itself")
        if target in self._codes:
            raise InputError(f"cannot rename {code.path!r}: {target!r} exists already; merge them")
        return self._subtree_mapping(code.path, target)

    def merged(self, frm: str, into: str) -> dict[str, str]:
        """The path mapping for merging code `frm` into `into`; `frm`'s children move under `into`."""
        source, target = self.find(frm), self.find(into)
        if source.path == target.path:
            raise InputError(f"cannot merge {source.path!r} into itself")
        if target.path.startswith(source.path + "/"):
            raise InputError(f"cannot merge {source.path!r} into its own child {target.path!r}")
        return self._subtree_mapping(source.path, target.path)

    def _subtree_mapping(self, old: str, new: str) -> dict[str, str]:
        mapping = {old: new}
        for code in self.descendants(old):
            mapping[code.path] = new + code.path[len(old) :]
        return mapping

    def remapped(self, mapping: dict[str, str]) -> Codebook:
        """A new Codebook with paths changed per `mapping` (from `renamed` or `merged`).

        A code moved onto the path of a code that stays keeps nothing of its own: the code that
        was there wins. Moved codes go after the existing children of their new parent.
        """
        staying = {p: c for p, c in self._codes.items() if mapping.get(p, p) == p}
        offset = len(self._codes)
        moved: dict[str, CodeDef] = {}
        for path, code in self._codes.items():
            target = mapping.get(path, path)
            if target == path or target in staying or target in moved:
                continue
            new_parent = target.rsplit("/", 1)[0] if "/" in target else None
            position = code.position + (offset if new_parent != code.parent else 0)
            moved[target] = replace(code, path=target, position=position)
        sets = [replace(s, members=_remap_members(s.members, mapping)) for s in self.sets]
        codes = [*staying.values(), *moved.values()]
        return Codebook(self.name, self.description, codes, sets, source=self.source)

    def _checked_set(self, code_set: CodeSet) -> CodeSet:
        missing = [path for path in code_set.members if path not in self._codes]
        if missing:
            raise InputError(f"{self.source}: set {code_set.name!r} names unknown codes: {missing}")
        return replace(code_set, members=list(code_set.members))


def _rename_target(code: CodeDef, new: str) -> str:
    text = new.strip()
    try:
        if text.startswith("/"):
            return normalise_path(text[1:])
        if "/" in text or code.parent is None:
            return normalise_path(text)
        return normalise_path(f"{code.parent}/{text}")
    except ValueError as err:
        raise InputError(f"new name {new!r}: {err}") from None


def _remap_members(members: list[str], mapping: dict[str, str]) -> list[str]:
    out: list[str] = []
    for path in members:
        target = mapping.get(path, path)
        if target not in out:
            out.append(target)
    return out


def _normalised_copy(code: CodeDef, source: str) -> CodeDef:
    try:
        path = normalise_path(code.path)
        color = normalise_color(code.color) if code.color else None
        shortcut = check_shortcut(code.shortcut) if code.shortcut else None
        guid = check_guid(code.guid) if code.guid else None
    except ValueError as err:
        raise InputError(f"{source}: code {code.path!r}: {err}") from None
    return replace(
        code, path=path, color=color, shortcut=shortcut, guid=guid, examples=list(code.examples)
    )


def _collect(codes: Iterable[CodeDef], source: str) -> dict[str, CodeDef]:
    """Normalised copies by path, each parent inserted before its first child."""
    by_path: dict[str, CodeDef] = {}
    implicit: set[str] = set()
    for given in codes:
        code = _normalised_copy(given, source)
        for parent in ancestors(code.path):
            if parent not in by_path:
                by_path[parent] = CodeDef(parent, position=code.position)
                implicit.add(parent)
        if code.path in by_path and code.path not in implicit:
            raise InputError(f"{source}: duplicate code {code.path!r}")
        implicit.discard(code.path)
        by_path[code.path] = code
    return by_path


def _tree_order(by_path: dict[str, CodeDef]) -> dict[str, CodeDef]:
    """Depth-first order, siblings by (position, first appearance); positions renumbered."""
    siblings: dict[str | None, list[CodeDef]] = {}
    for code in by_path.values():
        siblings.setdefault(code.parent, []).append(code)
    ordered: dict[str, CodeDef] = {}

    def visit(parent: str | None) -> None:
        group = sorted(siblings.get(parent, []), key=lambda c: c.position)  # stable sort
        for index, code in enumerate(group):
            code.position = index
            ordered[code.path] = code
            visit(code.path)

    visit(None)
    return ordered


def _check_unique(codes: Iterable[CodeDef], attribute: str, source: str) -> None:
    owners: dict[str, str] = {}
    for code in codes:
        value = getattr(code, attribute)
        if not value:
            continue
        key = value.strip("{}").lower() if attribute == "guid" else value
        if key in owners:
            raise InputError(
                f"{source}: {attribute} {value!r} is used by both {owners[key]!r} and {code.path!r}"
            )
        owners[key] = code.path
