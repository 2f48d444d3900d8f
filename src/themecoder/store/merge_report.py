"""What a merge did (or, with `--dry-run`, would do): the report the CLI prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from themecoder.core.code_matching import NearDuplicate


@dataclass(slots=True)
class MergeReport:
    """Counts and lists of a merge. `unplaced` rows are (where, reason); every list is in source order."""

    source: str
    dry_run: bool = False
    documents_added: list[str] = field(default_factory=list)
    documents_matched: list[str] = field(default_factory=list)
    documents_changed: list[str] = field(default_factory=list)  # same name, other text: re-anchored
    documents_skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    codes_added: list[str] = field(default_factory=list)
    codes_updated: list[str] = field(default_factory=list)  # empty fields filled from the source
    codes_mapped: dict[str, str] = field(default_factory=dict)
    near_duplicates: list[NearDuplicate] = field(default_factory=list)
    coders: list[str] = field(default_factory=list)
    codings_added: int = 0
    codings_duplicates: int = 0
    codings_reanchored: int = 0
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    unplaced_new: int = 0  # of those, kept aside by this merge (the rest were kept before)
    memos_added: int = 0
    memos_duplicates: int = 0
    cases_added: list[str] = field(default_factory=list)
    attributes_set: int = 0
    assignments: int = 0  # documents given a case
    conflicts: list[str] = field(default_factory=list)  # kept the project's value
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the merge wrote anything (False for a repeated merge)."""
        return bool(
            self.documents_added or self.codes_added or self.codes_updated or self.codings_added
            or self.unplaced_new or self.memos_added or self.cases_added or self.attributes_set
            or self.assignments
        )

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (near-duplicates as {"code", "suggestion", "score", "reason", "map"})."""
        data = asdict(self)
        data["near_duplicates"] = [
            {"code": n.incoming, "suggestion": n.suggestion, "score": n.score, "reason": n.reason,
             "map": n.mapping} for n in self.near_duplicates
        ]
        data["documents_skipped"] = [{"source": s, "reason": r} for s, r in self.documents_skipped]
        data["unplaced"] = [{"where": w, "reason": r} for w, r in self.unplaced]
        data["changed"] = self.changed
        return data

    def summary_lines(self) -> list[str]:
        """A few lines for people: what was added, matched, kept aside, and what to check."""
        verb = "would add" if self.dry_run else "added"
        counts = {
            "documents": f"{len(self.documents_added)} {verb}, {len(self.documents_matched)} matched, "
                         f"{len(self.documents_changed)} with changed text, "
                         f"{len(self.documents_skipped)} skipped",
            "codes": f"{len(self.codes_added)} {verb}, {len(self.codes_updated)} updated, "
                     f"{len(self.codes_mapped)} mapped, {len(self.near_duplicates)} near-duplicates",
            "codings": f"{self.codings_added} {verb}, {self.codings_duplicates} already there, "
                       f"{self.codings_reanchored} re-anchored, {len(self.unplaced)} unplaced",
            "memos": f"{self.memos_added} {verb}, {self.memos_duplicates} already there; "
                     f"cases: {len(self.cases_added)} {verb}, {self.attributes_set} attributes set",
        }
        lines = [f"{part}: {text}" for part, text in counts.items()]
        lines += [f"near-duplicate: {n.incoming} ~ {n.suggestion} ({n.reason}; score {n.score:.0f}): "
                  f"use --map {n.mapping}" for n in self.near_duplicates]
        lines += [f"changed text: {name} (codings re-anchored by their quotes)"
                  for name in self.documents_changed]
        lines += [f"skipped: {source}: {reason}" for source, reason in self.documents_skipped]
        lines += [f"unplaced: {where}: {reason}" for where, reason in self.unplaced]
        lines += [f"conflict: {text}" for text in self.conflicts]
        lines += [f"warning: {text}" for text in self.warnings]
        return lines
