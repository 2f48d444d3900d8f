"""A neutral REFI-QDA bundle: what a `.qdpx` project holds, independent of the store.

Text positions in the bundle are Unicode code-point offsets into the normalised text (NFC, `\\n`
line ends), half-open `[start, end)`, whatever unit the producing software wrote. GUIDs are kept in
canonical form (lowercase, no braces) so the store can keep them and re-use them per object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from themecoder.core.model import CodeDef, Turn

NOTE_TARGET_KINDS = ("project", "source", "code", "selection", "coding")


@dataclass(slots=True)
class QdaUser:
    """A user of the producing software; a coder in themecoder."""

    guid: str
    name: str


@dataclass(slots=True)
class QdaCoding:
    """One code applied to a selection, by one user."""

    guid: str
    code_guid: str
    creating_user: str | None = None
    created: str = ""  # xsd:dateTime as written, or ""


@dataclass(slots=True)
class QdaSelection:
    """A stretch `[start, end)` of a text source, with the codes applied to it."""

    guid: str
    start: int
    end: int
    name: str = ""
    creating_user: str | None = None
    created: str = ""
    codings: list[QdaCoding] = field(default_factory=list)

    @property
    def code_guids(self) -> list[str]:
        """The GUIDs of the codes applied to this selection, in document order."""
        return [coding.code_guid for coding in self.codings]


@dataclass(slots=True)
class QdaSource:
    """A text source. `text` is the normalised stored text, None when the file was not available.

    `turns` are the turns (speakers, cue times) and `kind` the document kind a themecoder
    project stored for the document, when the bundle was read from one to be merged (None
    otherwise); a `.qdpx` does not hold them, and they take no part in equality.
    """

    guid: str
    name: str
    text: str | None
    selections: list[QdaSelection] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    creating_user: str | None = None
    created: str = ""
    turns: list[Turn] | None = field(default=None, compare=False)
    kind: str | None = field(default=None, compare=False)


@dataclass(slots=True)
class QdaVariable:
    """A case or source attribute. `type` is a REFI typeOfVariable (Text, Integer, Float, ...)."""

    guid: str
    name: str
    type: str = "Text"
    description: str = ""


@dataclass(slots=True)
class QdaCase:
    """A case (participant, site...): its attribute values and the sources that belong to it."""

    guid: str
    name: str
    variables: dict[str, str] = field(default_factory=dict)
    source_guids: list[str] = field(default_factory=list)
    description: str = ""


@dataclass(slots=True)
class QdaNote:
    """A memo. `target_kind` is one of NOTE_TARGET_KINDS; `target_guid` is None for the project."""

    guid: str
    text: str
    name: str = ""
    target_kind: str = "project"
    target_guid: str | None = None
    creating_user: str | None = None
    created: str = ""


@dataclass(slots=True)
class QdaSet:
    """A named group of codes and/or sources."""

    guid: str
    name: str
    code_guids: list[str] = field(default_factory=list)
    source_guids: list[str] = field(default_factory=list)
    description: str = ""


@dataclass(slots=True)
class QdaProject:
    """The whole bundle. `codes` are CodeDefs with `guid` set, nested by `path` (`parent/child`).

    `origin` (the producing software), `position_units` (how the file counted positions),
    `skipped` and `warnings` describe a file that was read; they take no part in equality.
    """

    name: str
    origin: str = field(default="", compare=False)
    creating_user: str | None = None
    created: str = ""
    users: list[QdaUser] = field(default_factory=list)
    codes: list[CodeDef] = field(default_factory=list)
    uncodable_codes: set[str] = field(default_factory=set)  # GUIDs of codes marked isCodable=false
    variables: list[QdaVariable] = field(default_factory=list)
    sources: list[QdaSource] = field(default_factory=list)
    cases: list[QdaCase] = field(default_factory=list)
    notes: list[QdaNote] = field(default_factory=list)
    sets: list[QdaSet] = field(default_factory=list)
    position_units: str = field(default="", compare=False)
    skipped: list[str] = field(default_factory=list, compare=False)  # not imported, one line each
    warnings: list[str] = field(default_factory=list, compare=False)

    def code_by_guid(self) -> dict[str, CodeDef]:
        """A map from code GUID to its CodeDef."""
        return {code.guid: code for code in self.codes if code.guid}

    def user_names(self) -> dict[str, str]:
        """A map from user GUID to the user's name."""
        return {user.guid: user.name for user in self.users}

    def notes_for(self, kind: str, guid: str | None = None) -> list[QdaNote]:
        """The notes attached to one object (`kind` from NOTE_TARGET_KINDS; no GUID for project)."""
        return [n for n in self.notes if n.target_kind == kind and n.target_guid == guid]
