"""The codebook part of a merge: codes match by path; new codes are added, near-duplicates reported.

A code the project already has keeps its definition and GUID; empty fields of it (description,
criteria, examples, colour) are filled from the source. A mapped code (`--map OLD=NEW`) is not
created: its codings go to NEW (created when the project has no such code).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from themecoder.core.code_matching import NearDuplicate, mapped_path, near_duplicates
from themecoder.core.errors import InputError
from themecoder.core.guids import derived_guid
from themecoder.core.model import CodeDef

if TYPE_CHECKING:
    from themecoder.store.merge_report import MergeReport
    from themecoder.store.project import Project

_FILLED = ("description", "include", "exclude", "color")


def merge_codes(project: Project, incoming: Sequence[CodeDef], code_map: Mapping[str, str],
                report: MergeReport) -> dict[str, str]:
    """Add the incoming codes the project lacks; returns {incoming path: project path}.

    Raises InputError for a `--map` whose OLD is not a code of the source.
    """
    _check_map(incoming, code_map, report.source)
    existing = {code.path: code for code in project.codes()}
    before = set(existing)
    report.near_duplicates = _near(incoming, existing, code_map)
    guids = {code.guid for code in existing.values() if code.guid}
    targets: dict[str, str] = {}
    for code in incoming:
        target = mapped_path(code.path, code_map)
        targets[code.path] = target
        if target != code.path:
            report.codes_mapped[code.path] = target
        if target in existing:
            if target == code.path:
                _fill_empty_fields(project, existing[target], code, report)
            continue
        _add_code(project, code, target, guids)
        existing[target] = code
    report.codes_added = [code.path for code in project.codes() if code.path not in before]
    return targets


def _check_map(incoming: Sequence[CodeDef], code_map: Mapping[str, str], source: str) -> None:
    paths = {code.path for code in incoming}
    for old, new in code_map.items():
        if old not in paths:
            raise InputError(f"--map {old}={new}: {source} has no code {old}")


def _near(incoming: Sequence[CodeDef], existing: dict[str, CodeDef],
          code_map: Mapping[str, str]) -> list[NearDuplicate]:
    """Near-duplicates among the unmapped new codes: same GUID elsewhere first, then similar names."""
    new = [c for c in incoming if c.path not in existing and mapped_path(c.path, code_map) == c.path]
    by_guid = {code.guid: path for path, code in existing.items() if code.guid}
    incoming_paths = {code.path for code in incoming}
    found = {c.path: NearDuplicate(c.path, by_guid[c.guid], 100.0, "same GUID, renamed")
             for c in new if c.guid in by_guid and by_guid[c.guid] not in incoming_paths}
    rest = [c.path for c in new if c.path not in found]
    candidates = [path for path in existing if path not in incoming_paths]
    found.update((near.incoming, near) for near in near_duplicates(rest, candidates))
    return [found[c.path] for c in new if c.path in found]


def _fill_empty_fields(project: Project, current: CodeDef, incoming: CodeDef,
                       report: MergeReport) -> None:
    fields = [f for f in _FILLED if getattr(incoming, f) and not getattr(current, f)]
    if incoming.examples and not current.examples:
        fields.append("examples")
    if fields:
        project._update_code(replace(incoming, path=current.path), fields)
        for name in fields:
            setattr(current, name, getattr(incoming, name))
        report.codes_updated.append(current.path)


def _add_code(project: Project, code: CodeDef, target: str, guids: set[str]) -> None:
    """Insert the code at `target`; its GUID is kept unless the project already uses it."""
    guid = code.guid if target == code.path else None
    if not guid or guid in guids:
        from themecoder.core.codebook import stable_guid

        guid = stable_guid(target)
        if guid in guids:
            guid = derived_guid("merged-code", target)
    new = replace(code, path=target, guid=guid, id=None, shortcut=None, position=0)
    project._insert_code(new)
    guids.add(guid)
