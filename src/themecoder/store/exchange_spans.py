"""The codings of a REFI-QDA export, handed on one document at a time (`document_selections`).

A large study has hundreds of thousands of codings: they are read as plain rows as the cursor
goes (`exchange_rows`) and handed on as plain tuples (`SelectionRow`, `CodingRow`), one document's
selections at a time, so the writer can lay them out without the bundle's objects being built
(`exchange_export` builds them from the same tuples when a whole bundle is wanted).

GUIDs: a stored GUID is re-used (every coding gets one when it is stored, `coding_guids`); a
coding without one (rare: its derived GUID was taken) gets one derived from its document, code,
coder and span, a coder one from the name, a selection (never stored) one from its document and
span; codings on the same span share one selection. Those derived go to `ExportContext.updates`,
for the caller to store.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from themecoder.core.guids import derived_guid, name_guid
from themecoder.io.refi.model import QdaNote, QdaSource
from themecoder.io.refi.write_sources import SelectionRow
from themecoder.store.coding_guids import coding_guid
from themecoder.store.exchange_rows import Row, iter_codings, read_memoed_codings

if TYPE_CHECKING:
    import sqlite_utils

Updates = dict[str, list[tuple[Any, str]]]  # table -> (row key, GUID) of GUIDs derived here


@dataclass(slots=True)
class ExportContext:
    """What the parts of one export share (see `exchange_export.stream_bundle`)."""

    db: sqlite_utils.Database
    coders: list[str] | None  # only these coders' codings and memos; None: everyone's
    code_guids: dict[int, str]
    sources: dict[int, QdaSource] = field(default_factory=dict)  # by document id, in id order
    stored_users: dict[str, str | None] = field(default_factory=dict)  # the `coders` table
    met: dict[str, None] = field(default_factory=dict)  # coders in the order met in the codings
    memo_coders: dict[str, None] = field(default_factory=dict)  # coders of the memos kept
    memo_spans: dict[int, dict[tuple[int, int], str]] = field(default_factory=dict)  # -> created
    updates: Updates = field(default_factory=dict)
    codings: int = 0  # codings handed on so far
    _stored_codings: set[str] | None = None

    def keeps(self, coder: str) -> bool:
        """Whether `coder`'s codings and memos are exported."""
        return self.coders is None or coder in self.coders

    def user_guid(self, coder: str) -> str:
        """The coder's user GUID: stored in `coders`, else derived from the name."""
        return self.stored_users.get(coder) or derived_guid("user", coder)

    def meet(self, coder: str) -> str:
        """`user_guid`, noting the coder as met in the codings."""
        self.met.setdefault(coder)
        return self.user_guid(coder)

    def user_updates(self) -> list[tuple[Any, str]]:
        """(name, GUID) of the coders met without a stored GUID: first in the codings, then
        in the memos."""
        names = dict.fromkeys([*self.met, *self.memo_coders])
        return [(name, self.user_guid(name)) for name in names if not self.stored_users.get(name)]

    def coding_guids(self, rows: list[Row]) -> list[tuple[int, str]]:
        """(id, GUID) derived for these codings (rows as `exchange_rows` reads them): the uuid5
        of their document's and code's GUIDs, coder and span. A coding merged in and
        re-anchored elsewhere may hold the GUID derived for this span already: then this one
        takes another, from its id."""
        sources, codes = self.sources, self.code_guids
        found = [(row[0], coding_guid(sources[row[1]].guid, codes[row[2]], *row[3:6])) for row in rows]
        stored = self.stored_coding_guids()
        if stored and not stored.isdisjoint(guid for _id, guid in found):
            found = [(key, derived_guid("coding", guid, str(key)) if guid in stored else guid)
                     for key, guid in found]  # fmt: skip
        return found

    def stored_coding_guids(self) -> set[str]:
        """The GUIDs stored for codings (read once, when a first one must be derived)."""
        if self._stored_codings is None:
            self._stored_codings = {r[0] for r in self.db.execute(
                "SELECT guid FROM codings WHERE guid IS NOT NULL")}  # fmt: skip
        return self._stored_codings


class _Users(dict[str, str]):
    """Coder name -> user GUID, met on first look-up."""

    def __init__(self, context: ExportContext) -> None:
        super().__init__()
        self.context = context

    def __missing__(self, coder: str) -> str:
        self[coder] = guid = self.context.meet(coder)
        return guid


def coding_notes(context: ExportContext) -> list[QdaNote]:
    """A note per kept coding that has a memo, in span order, attached to the coding."""
    notes = []
    user_guid = context.user_guid
    for row in read_memoed_codings(context.db, context.coders):
        coder, created, guid, memo = row[3], row[6], row[7], row[8]
        if not guid:
            guid = context.coding_guids([row])[0][1]
        notes.append(QdaNote(derived_guid("coding-memo", guid), memo, "", "coding", guid,
                             user_guid(coder), created))  # fmt: skip
    return notes


def selection_guid(source: str, start: int, end: int) -> str:
    """The derived GUID of the selection `[start, end)` of the source whose GUID is `source`
    (`derived_guid("selection", source, start, end)`): codings on one span share it, and a span
    memo's note points at it."""
    return name_guid(f"selection|{source}|{start}|{end}")


def document_selections(context: ExportContext) -> Iterator[list[SelectionRow]]:
    """The selections of each document of `context.sources`, in order, with their codings (a
    list per document, empty for one without codings); a span memoed but not coded is a
    selection without codings.

    The GUIDs derived for codings that have none go to `context.updates` at the end."""
    rows = iter_codings(context.db, context.coders)
    documents = iter(context.sources.items())
    sources, codes, users = context.sources, context.code_guids, _Users(context)
    derived: list[tuple[Any, str]] = []
    doc = last_start = last_end = None
    source = ""  # the document's GUID
    selections: list[SelectionRow] = []
    codings: list[Any] = []
    count = 0
    for row in rows:
        _id, doc_id, code_id, coder, start, end, created, guid = row
        if doc_id != doc:
            if doc is not None:
                context.codings = count
                yield _with_memo_spans(context, doc, selections)
            yield from _uncoded(context, documents, doc_id)
            doc, selections, last_start = doc_id, [], None
            source = sources[doc_id].guid
        user, code = users[coder], codes[code_id]
        if not guid:
            derived += context.coding_guids([row])
            guid = derived[-1][1]
        if start != last_start or end != last_end:
            last_start, last_end, codings = start, end, []
            selections.append((selection_guid(source, start, end), start, end, "", user, created,
                               codings))  # fmt: skip
        codings.append((guid, code, user, created))
        count += 1
    context.codings = count
    if doc is not None:
        yield _with_memo_spans(context, doc, selections)
    yield from _uncoded(context, documents, None)
    if derived:
        context.updates.setdefault("codings", []).extend(derived)


def _uncoded(context: ExportContext, documents: Iterator[tuple[int, QdaSource]],
             until: int | None) -> Iterator[list[SelectionRow]]:
    """The selections of the documents before document `until` (all that are left: None), which
    have no codings: only their memoed spans."""
    for doc_id, _source in documents:
        if doc_id == until:
            return
        yield _with_memo_spans(context, doc_id, [])


def _with_memo_spans(context: ExportContext, doc_id: int,
                     selections: list[SelectionRow]) -> list[SelectionRow]:
    """A document's selections with a selection for each span memoed and not coded, in place:
    sorted by start, then end."""
    spans = context.memo_spans.get(doc_id)
    if not spans:
        return selections
    coded = {(row[1], row[2]) for row in selections}
    source = context.sources[doc_id].guid
    added: list[SelectionRow] = [
        (selection_guid(source, start, end), start, end, "", None, created, [])
        for (start, end), created in spans.items() if (start, end) not in coded]
    if added:
        selections += added
        selections.sort(key=itemgetter(1, 2))
    return selections
