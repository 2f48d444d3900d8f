"""Matching another coder's codes to the project's: near-duplicate names and `--map OLD=NEW`.

Codes match by path. A path that is new to the project but close to one of its codes (a typo,
a different parent) is a near-duplicate: it is reported with the project code it probably means,
and a mapping `OLD=NEW` sends its codings to that code instead of creating a new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from themecoder.core.errors import InputError

MIN_PATH_SCORE = 90.0  # fuzz.ratio of the whole paths
MIN_LEAF_SCORE = 92.0  # fuzz.ratio of the last parts, when the parents differ
MIN_LEAF_CHARS = 6  # shorter names are too easily alike ("cost" / "costs" / "host")


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """An incoming code path that probably means an existing project code."""

    incoming: str
    suggestion: str
    score: float
    reason: str  # "similar name" | "same name, other parent" | "same GUID, renamed"

    @property
    def mapping(self) -> str:
        """The `--map` argument that applies the suggestion."""
        return f"{self.incoming}={self.suggestion}"


def parse_code_map(pairs: Iterable[str]) -> dict[str, str]:
    """`OLD=NEW` strings (the `--map` option) to a dict; refuses malformed or chained pairs."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        old, new = old.strip().strip("/"), new.strip().strip("/")
        if not sep or not old or not new:
            raise InputError(f"--map {pair}: expected OLD=NEW (two code paths)")
        if old in mapping and mapping[old] != new:
            raise InputError(f"--map {pair}: {old} is already mapped to {mapping[old]}")
        mapping[old] = new
    chained = sorted(set(mapping) & set(mapping.values()))
    if chained:
        raise InputError(f"--map: {chained[0]} is both mapped and a target; map to the final code")
    return mapping


def mapped_path(path: str, mapping: Mapping[str, str]) -> str:
    """`path` after the mapping; a mapped parent carries its children along (`a=b`: `a/x` -> `b/x`)."""
    if path in mapping:
        return mapping[path]
    parts = path.split("/")
    for cut in range(len(parts) - 1, 0, -1):
        head = "/".join(parts[:cut])
        if head in mapping:
            return mapping[head] + "/" + "/".join(parts[cut:])
    return path


def near_duplicates(incoming: Iterable[str], existing: Iterable[str]) -> list[NearDuplicate]:
    """For each incoming path missing from `existing`, the closest existing path, when close enough.

    Existing codes that are also among the incoming ones are never suggested: the source has
    both, so they are different codes.
    """
    incoming_paths = list(dict.fromkeys(incoming))
    taken = set(incoming_paths)
    candidates = [path for path in dict.fromkeys(existing) if path not in taken]
    known = set(existing)
    found = []
    for path in incoming_paths:
        if path in known or not candidates:
            continue
        match = _closest(path, candidates)
        if match is not None:
            found.append(match)
    return found


def _closest(path: str, candidates: list[str]) -> NearDuplicate | None:
    best = process.extractOne(path, candidates, scorer=fuzz.ratio, score_cutoff=MIN_PATH_SCORE)
    if best is not None:
        return NearDuplicate(path, best[0], round(float(best[1]), 1), "similar name")
    leaf = path.rsplit("/", 1)[-1]
    if len(leaf) < MIN_LEAF_CHARS:
        return None
    leaves = [c.rsplit("/", 1)[-1] for c in candidates]
    hit = process.extractOne(leaf, leaves, scorer=fuzz.ratio, score_cutoff=MIN_LEAF_SCORE)
    if hit is None:
        return None
    reason = "same name, other parent" if hit[1] >= 100 else "similar name, other parent"
    return NearDuplicate(path, candidates[hit[2]], round(float(hit[1]), 1), reason)
