"""Plain dataclasses passed between the layers.

Offsets are Unicode code-point offsets into the stored, normalised text (NFC, `\\n` line ends),
half-open `[start, end)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Turn:
    """A speaker turn (or an unlabelled paragraph of field notes)."""

    start: int
    end: int
    speaker: str | None = None
    time: float | None = None  # seconds from the start of the recording, if known
    end_time: float | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A unit of text: a turn or a sentence. `index` counts within its kind and document."""

    doc_id: int
    kind: str  # "turn" | "sentence"
    index: int
    start: int
    end: int
    speaker: str | None = None
    time: float | None = None


@dataclass(slots=True)
class ParsedDocument:
    """What an importer hands to the store: normalised text, its turns, and provenance."""

    name: str
    text: str
    turns: list[Turn]
    source_format: str  # "txt" | "md" | "docx" | "odt" | "vtt" | "srt" | "csv" | "xlsx" | "qdpx"
    source_path: str = ""
    kind: str | None = None  # interview | observation | focus-group | survey | other
    case: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    import_key: str | None = None  # set for rows of a table, which are never de-duplicated by text
    meta: dict[str, Any] = field(default_factory=dict)
    sentences: list[tuple[int, int]] | None = None  # precomputed by a parallel reader, else at import


@dataclass(slots=True)
class Document:
    id: int
    name: str
    kind: str
    text: str
    case: str | None = None
    lang: str = "en"
    sha256: str = ""
    source_path: str = ""
    source_format: str = ""
    words: int = 0
    imported_at: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class CodeDef:
    """A code of the codebook. `path` is `parent/child`; `name` its last part."""

    path: str
    description: str = ""
    include: str = ""
    exclude: str = ""
    examples: list[str] = field(default_factory=list)
    color: str | None = None
    shortcut: str | None = None
    position: int = 0
    id: int | None = None
    guid: str | None = None
    count: int = 0

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def parent(self) -> str | None:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else None


@dataclass(slots=True)
class Coding:
    """One coded excerpt: a code applied by a coder to `[start, end)` of a document."""

    doc_id: int
    code: str  # the code's path
    coder: str
    start: int
    end: int
    text: str = ""  # the quoted text, kept so the coding can be re-anchored
    memo: str = ""
    id: int | None = None
    doc: str = ""  # the document's name
    created: str = ""
    source: str = ""
    guid: str | None = None  # its REFI-QDA GUID, when known (a merged coding keeps its own)
