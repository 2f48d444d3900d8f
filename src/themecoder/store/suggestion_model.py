"""What suggestion runs return: plain dataclasses with the JSON shapes of `themecoder suggest`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Progress = Callable[[str, float], None]  # (what is being done, fraction done 0-1)
UNITS = ("sentence", "turn")
SUGGEST_CODER = "suggest"


def no_progress(_what: str, _fraction: float) -> None:
    """The default progress callback: report nothing."""


@dataclass(slots=True)
class Excerpt:
    """A passage `[start, end)` of a document, with its text."""

    doc_id: int
    doc: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class SuggestedTheme:
    """A theme of a run: its members, label, keywords and nearest code; the decision taken on it."""

    id: int
    label: str
    keywords: list[str]
    members: list[Excerpt]
    nearest_code: tuple[str, float] | None = None
    representative: Excerpt | None = None
    decision: str | None = None  # None | "accepted" | "rejected"
    decided_code: str | None = None

    @property
    def size(self) -> int:
        return len(self.members)

    def to_dict(self) -> dict[str, Any]:
        nearest = ({"code": self.nearest_code[0], "score": self.nearest_code[1]}
                   if self.nearest_code else None)
        return {"id": self.id, "label": self.label, "keywords": list(self.keywords),
                "size": self.size, "members": [m.to_dict() for m in self.members],
                "nearest_code": nearest,
                "representative": self.representative.to_dict() if self.representative else None,
                "decision": self.decision}


@dataclass(slots=True)
class ThemeRun:
    """A stored theme run: every segment in scope is a member of exactly one theme."""

    run_id: int
    unit: str
    scope: str
    k: int
    seed: int
    method: str
    themes: list[SuggestedTheme]
    params: dict[str, Any] = field(default_factory=dict)
    k_reason: str = ""
    created_at: str = ""
    coder: str = ""

    def theme(self, theme_id: int) -> SuggestedTheme:
        return next(t for t in self.themes if t.id == theme_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of `suggest themes` (the contract's keys plus the run's record)."""
        return {"run": self.run_id, "unit": self.unit, "scope": self.scope, "k": self.k,
                "seed": self.seed, "method": self.method, "k_reason": self.k_reason or None,
                "themes": [t.to_dict() for t in self.themes], "params": self.params}


@dataclass(slots=True)
class SuggestedGroup:
    """A candidate theme made of codes; evidence per pair of codes (shared excerpts, parts)."""

    id: int
    codes: list[str]
    score: float
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "codes": list(self.codes), "score": self.score,
                "evidence": self.evidence}


@dataclass(slots=True)
class GroupRun:
    run_id: int
    groups: list[SuggestedGroup]
    params: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"run": self.run_id, "groups": [g.to_dict() for g in self.groups],
                "notes": list(self.notes), "params": self.params}


@dataclass(slots=True)
class SuggestedCode:
    """One code suggested for one passage, with its calibrated score (0-1)."""

    id: int
    excerpt: Excerpt
    code: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, **self.excerpt.to_dict(), "code": self.code, "score": self.score}


@dataclass(slots=True)
class CodeRun:
    run_id: int
    suggestions: list[SuggestedCode]
    notes: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"run": self.run_id, "suggestions": [s.to_dict() for s in self.suggestions],
                "notes": list(self.notes), "params": self.params}


@dataclass(slots=True)
class Accepted:
    """What accepting a suggestion did: the code used, codings added, codes created or moved."""

    run_id: int
    code: str | None = None
    added: int = 0
    duplicates: int = 0
    codes_created: list[str] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old path, new path)
    coding_ids: list[int] = field(default_factory=list)
    accepted: int = 0  # suggestions accepted

    def to_dict(self) -> dict[str, Any]:
        return {"run": self.run_id, "code": self.code, "added": self.added,
                "duplicates": self.duplicates, "codes_created": self.codes_created,
                "moved": [{"from": a, "to": b} for a, b in self.moved], "accepted": self.accepted}
