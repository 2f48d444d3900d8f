"""Merging an imported codebook into the project's: add new codes, update changed fields.

A merge never deletes a code or clears a field: an empty field in the imported codebook leaves
the project's value alone, so importing a `.qdc` (which has no shortcuts) keeps the shortcuts.
Importing the same codebook twice reports no changes the second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from themecoder.core.codebook import Codebook, CodeSet, same_guid, stable_guid
from themecoder.core.model import CodeDef

UPDATED_TEXT_FIELDS = ("description", "include", "exclude", "color")


@dataclass(frozen=True, slots=True)
class CodeChange:
    """An existing code whose `fields` the merge changed; `code` is its state afterwards."""

    path: str
    fields: tuple[str, ...]
    code: CodeDef


@dataclass(slots=True)
class CodebookChanges:
    """What `merge_codebooks` did. `codebook` is the merged result; the inputs are untouched."""

    codebook: Codebook
    added: list[CodeDef]
    updated: list[CodeChange]
    unchanged: int
    warnings: list[str]

    @property
    def count(self) -> int:
        """Codes added or changed: 0 for an import that changed nothing."""
        return len(self.added) + len(self.updated)

    def summary(self) -> str:
        """One line for the user, e.g. `3 codes added, 1 updated, 20 unchanged`."""
        return (
            f"{len(self.added)} codes added, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged"
        )


def merge_codebooks(base: Codebook, incoming: Codebook) -> CodebookChanges:
    """Merge `incoming` into a copy of `base` and report the changes.

    New codes are added after their existing siblings; codes at the same path get the incoming
    non-empty fields that differ. An incoming shortcut that another code already holds is not
    applied and is reported in `warnings`.
    """
    codes = {code.path: replace(code, examples=list(code.examples)) for code in base.codes}
    next_position = _next_positions(codes.values())
    added: list[str] = []
    changed: dict[str, list[str]] = {}
    for code in incoming.codes:
        current = codes.get(code.path)
        if current is None:
            codes[code.path] = _new_code(code, next_position)
            added.append(code.path)
        elif fields := _update_fields(current, code):
            changed[code.path] = fields
    warnings = _merge_shortcuts(codes, incoming, set(added), changed)
    merged = Codebook(
        base.name or incoming.name,
        base.description or incoming.description,
        codes.values(),
        _merge_sets(base.sets, incoming.sets),
        source=incoming.source,
    )
    updates = [CodeChange(p, tuple(f), _get(merged, p)) for p, f in changed.items()]
    unchanged = len(incoming) - len(added) - len(updates)
    new_codes = [_get(merged, path) for path in added]
    return CodebookChanges(merged, new_codes, updates, unchanged, warnings)


def _get(codebook: Codebook, path: str) -> CodeDef:
    code = codebook.get(path)
    assert code is not None, path
    return code


def _next_positions(codes: Iterable[CodeDef]) -> dict[str | None, int]:
    positions: dict[str | None, int] = {}
    for code in codes:
        positions[code.parent] = max(positions.get(code.parent, 0), code.position + 1)
    return positions


def _new_code(code: CodeDef, next_position: dict[str | None, int]) -> CodeDef:
    position = next_position.get(code.parent, 0)
    next_position[code.parent] = position + 1
    return replace(
        code, id=None, count=0, shortcut=None, position=position, examples=list(code.examples)
    )


def _update_fields(current: CodeDef, incoming: CodeDef) -> list[str]:
    """Copy incoming non-empty fields that differ onto `current`; return their names."""
    fields = []
    for name in UPDATED_TEXT_FIELDS:
        value = getattr(incoming, name)
        if value and value != getattr(current, name):
            setattr(current, name, value)
            fields.append(name)
    if incoming.examples and incoming.examples != current.examples:
        current.examples = list(incoming.examples)
        fields.append("examples")
    effective_guid = current.guid or stable_guid(current.path)
    if incoming.guid and not same_guid(incoming.guid, effective_guid):
        current.guid = incoming.guid
        fields.append("guid")
    return fields


def _merge_shortcuts(
    codes: dict[str, CodeDef], incoming: Codebook, added: set[str], changed: dict[str, list[str]]
) -> list[str]:
    """Apply incoming shortcuts; keys the project already uses elsewhere are kept there."""
    claims = {code.path: code.shortcut for code in incoming.codes if code.shortcut}
    owners = {c.shortcut: p for p, c in codes.items() if c.shortcut and p not in claims}
    warnings: list[str] = []
    for path, key in claims.items():
        code = codes[path]
        if key in owners:
            warnings.append(f"shortcut {key!r} of {path!r} not applied: {owners[key]!r} has it")
            if code.shortcut and code.shortcut in owners:
                code.shortcut = None  # its old key went to another code meanwhile
            if code.shortcut:
                owners[code.shortcut] = path
            continue
        if code.shortcut != key and path not in added:
            changed.setdefault(path, []).append("shortcut")
        code.shortcut = key
        owners[key] = path
    return warnings


def _merge_sets(base: list[CodeSet], incoming: list[CodeSet]) -> list[CodeSet]:
    """Base sets, with the members of same-named incoming sets added, then new incoming sets."""
    merged = {s.name: replace(s, members=list(s.members)) for s in base}
    for code_set in incoming:
        if code_set.name not in merged:
            merged[code_set.name] = replace(code_set, members=list(code_set.members))
            continue
        members = merged[code_set.name].members
        members.extend(path for path in code_set.members if path not in members)
    return list(merged.values())
