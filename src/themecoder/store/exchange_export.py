"""Building the REFI-QDA exchange bundle (`QdaProject`) from a project file, whole
(`build_bundle`) or with its codings streamed from SQL as they are written (`stream_bundle`).

GUIDs: a stored GUID is always re-used; an object without one gets a GUID derived from what it
is (a document from its name and text hash, a coding from its document, code, coder and span, a
coder from its name), so the same project gives the same bundle, and the caller may store the
derived ones so that they survive renames (`store_guids`). Codings have a stored GUID from when
they were stored (`coding_guids`). Codings on the same span of a document share one selection;
a coding's memo is a note on the coding, a passage memo a note on its selection. Asked for
(`turns=True`, for a merge), each source also carries its document's stored turns, which a
`.qdpx` does not hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from themecoder.core.guids import derived_guid
from themecoder.core.model import Turn
from themecoder.io.refi.gcpause import gc_paused
from themecoder.io.refi.model import (
    QdaCase,
    QdaCoding,
    QdaNote,
    QdaProject,
    QdaSelection,
    QdaSource,
    QdaUser,
    QdaVariable,
)
from themecoder.io.refi.write_sources import StreamedSelections
from themecoder.store.coding_guids import code_guid, document_guid
from themecoder.store.exchange_guids import store_guids
from themecoder.store.exchange_spans import (
    ExportContext,
    Updates,
    coding_notes,
    document_selections,
    selection_guid,
)

if TYPE_CHECKING:
    from themecoder.store.project import Project

__all__ = ["BundleStream", "build_bundle", "store_guids", "stream_bundle"]


@dataclass(slots=True)
class BundleStream:
    """A project's bundle with its codings still to be read: `bundle` holds everything but its
    sources' selections, which `selections` gives (once) as it is iterated.

    Attributes:
        bundle: the bundle; its sources have no selections.
        selections: the selections of each source of `bundle`, in order.
        context: what the export shares (the GUIDs derived, the codings read so far).
    """

    bundle: QdaProject
    selections: StreamedSelections
    context: ExportContext

    @property
    def codings(self) -> int:
        """The codings read so far (all of them, once `selections` is exhausted)."""
        return self.context.codings

    def updates(self) -> Updates:
        """The GUIDs derived for objects that had none (complete once `selections` is
        exhausted), for `store_guids`."""
        updates = dict(self.context.updates)
        if users := self.context.user_updates():
            updates["coders"] = users
        return {table: rows for table, rows in updates.items() if rows}


def stream_bundle(project: Project, coders: Sequence[str] | None = None, *,
                  turns: bool = False) -> BundleStream:
    """The project as a bundle whose codings are read as they are written (see `BundleStream`).

    Args:
        project: an open project (only read; the stream must be read before it is closed).
        coders: export only these coders' codings and memos (default: everyone's).
        turns: give each source its document's stored turns (`QdaSource.turns`).
    """
    codes = project.codes()
    code_guids: dict[int, str] = {}
    seen: set[str] = set()
    for code in codes:  # stored codes: each has an id; one GUID held twice (schema 3) is made two
        guid = code_guid(code.guid, code.path)
        if guid in seen:
            guid = derived_guid("code", guid, str(code.id))
        seen.add(guid)
        code.guid = code_guids[int(code.id or 0)] = guid
    context = ExportContext(project.db, list(coders) if coders is not None else None, code_guids)
    _sources(context)
    if turns:
        _stored_turns(context)
    context.stored_users = dict(project.db.execute("SELECT name, guid FROM coders").fetchall())
    notes = coding_notes(context) + _memos(context)
    cases, variables = _cases(context)
    name = project.setting("project_name") or Path(str(project.path)).stem
    bundle = QdaProject(name, created=project.setting("created_at") or "", users=_users(context),
                        codes=codes, variables=variables, sources=list(context.sources.values()),
                        cases=cases, notes=notes)  # fmt: skip
    bound = _codings_bound(context)
    return BundleStream(bundle, StreamedSelections(document_selections(context), bound), context)


def build_bundle(project: Project, coders: Sequence[str] | None = None, *,
                 turns: bool = False) -> tuple[QdaProject, Updates]:
    """The project as a `QdaProject`, and the GUIDs derived for objects that had none.

    Args:
        project: an open project (only read).
        coders: export only these coders' codings and memos (default: everyone's).
        turns: give each source its document's stored turns (`QdaSource.turns`).
    """
    stream = stream_bundle(project, coders, turns=turns)
    with gc_paused():  # 100,000s of objects that stay alive: see gcpause
        per_source = stream.selections.per_source
        for source, rows in zip(stream.bundle.sources, per_source, strict=True):
            source.selections = [
                QdaSelection(guid, start, end, name, user, created, [QdaCoding(*c) for c in found])
                for guid, start, end, name, user, created, found in rows]  # fmt: skip
    return stream.bundle, stream.updates()


def _sources(context: ExportContext) -> None:
    for doc_id, name, text, sha, guid, imported in context.db.execute(
            "SELECT id, name, text, sha256, guid, imported_at FROM documents ORDER BY id"):
        if not guid:
            guid = document_guid(guid, name, sha)
            context.updates.setdefault("documents", []).append((doc_id, guid))
        context.sources[doc_id] = QdaSource(guid, name, text, created=imported or "")


def _stored_turns(context: ExportContext) -> None:
    """Each source's stored turns, in order, read with one query for all documents, and its kind."""
    found: dict[int, list[Turn]] = {doc_id: [] for doc_id in context.sources}
    for doc_id, start, end, speaker, time, end_time in context.db.execute(
            'SELECT doc_id, start, "end", speaker, time, end_time FROM segments '
            "WHERE kind = 'turn' ORDER BY doc_id, idx"):
        if (turns := found.get(doc_id)) is not None:  # a damaged file may have stray segments
            turns.append(Turn(start, end, speaker, time, end_time))
    kinds = dict(context.db.execute("SELECT id, kind FROM documents").fetchall())
    for doc_id, source in context.sources.items():
        source.turns, source.kind = found[doc_id], kinds.get(doc_id)


def _users(context: ExportContext) -> list[QdaUser]:
    """The kept coders that have codings or memos, by name."""
    names = {name for (name,) in context.db.execute(
        "SELECT x.coder FROM (SELECT DISTINCT coder FROM codings) AS x WHERE EXISTS ("
        "SELECT 1 FROM codings g JOIN codes c ON c.id = g.code_id JOIN documents d "
        "ON d.id = g.doc_id WHERE g.coder = x.coder)") if context.keeps(name)}  # fmt: skip
    names.update(context.memo_coders)
    return [QdaUser(context.user_guid(name), name) for name in sorted(names)]


def _codings_bound(context: ExportContext) -> int:
    """At most this many codings are exported (no join: more than there may be)."""
    coders = context.coders
    where = f" WHERE coder IN ({', '.join('?' * len(coders))})" if coders is not None else ""
    counted = context.db.execute(f"SELECT count(*) FROM codings{where}", coders or []).fetchone()
    return int(counted[0])


def _memos(context: ExportContext) -> list[QdaNote]:
    """A note per kept memo, by id; a memo on a span that no coding has makes a selection."""
    notes = []
    rows = context.db.execute(
        'SELECT id, target_kind, target_id, doc_id, start, "end", coder, text, created_at, guid '
        "FROM memos ORDER BY id")
    for memo_id, kind, target_id, doc_id, start, end, coder, text, created, guid in rows:
        if not context.keeps(coder):
            continue
        context.memo_coders.setdefault(coder)
        target = _memo_target(context, kind, target_id, doc_id, start, end, created)
        if not guid:
            guid = derived_guid("memo", kind, str(target[1]), coder, created, text)
            context.updates.setdefault("memos", []).append((memo_id, guid))
        user = context.user_guid(coder)
        notes.append(QdaNote(guid, text, "", target[0], target[1], user, created))
    return notes


def _memo_target(context: ExportContext, kind: str, target_id: int | None, doc_id: int | None,
                 start: int | None, end: int | None, created: str) -> tuple[str, str | None]:
    """(REFI note target kind, target GUID) of a memo; what no longer exists is the project's.
    A span memo's selection is noted (`memo_spans`), to be made if no coding has that span."""
    sources = context.sources
    if kind == "span" and doc_id in sources and start is not None and end is not None:
        context.memo_spans.setdefault(doc_id, {}).setdefault((start, end), created)
        return "selection", selection_guid(sources[doc_id].guid, start, end)
    if kind == "document" and (target_id or doc_id) in sources:
        return "source", sources[target_id or doc_id].guid  # type: ignore[index]
    if kind == "code" and target_id in context.code_guids:
        return "code", context.code_guids[target_id]
    return "project", None


def _cases(context: ExportContext) -> tuple[list[QdaCase], list[QdaVariable]]:
    attributes: dict[int, dict[str, str]] = {}
    for case_id, name, value in context.db.execute(
            "SELECT case_id, name, value FROM attributes ORDER BY case_id, name"):
        if value is not None:
            attributes.setdefault(case_id, {})[name] = value
    members: dict[int, list[str]] = {}
    for doc_id, case_id in context.db.execute(
            "SELECT id, case_id FROM documents WHERE case_id IS NOT NULL ORDER BY id"):
        members.setdefault(case_id, []).append(context.sources[doc_id].guid)
    cases = []
    for case_id, name, guid in context.db.execute("SELECT id, name, guid FROM cases ORDER BY name"):
        if not guid:
            guid = derived_guid("case", name)
            context.updates.setdefault("cases", []).append((case_id, guid))
        cases.append(QdaCase(guid, name, attributes.get(case_id, {}), members.get(case_id, [])))
    names = sorted({name for values in attributes.values() for name in values})
    return cases, [QdaVariable(derived_guid("variable", name), name, "Text") for name in names]
