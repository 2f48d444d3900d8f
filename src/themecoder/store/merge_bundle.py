"""Merging a REFI-QDA bundle (`QdaProject`) into a project: documents, codes, codings, memos, cases.

Documents match by the hash of their normalised text, whatever their name, order or original
encoding. A source whose text differs from the same-named project document keeps the project's
text: its codings are re-anchored by their quotes, and what cannot be placed is kept aside in
`unplaced_codings`. A new source becomes a document: with the turns its project stored (speakers,
cue times) when the bundle was read from another project, else with turns from the plain-text
turn finder; a matched document keeps its own turns.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from themecoder.core.model import ParsedDocument
from themecoder.core.text import text_sha256
from themecoder.io.refi.documents import source_document, source_name
from themecoder.io.refi.model import QdaCase, QdaNote, QdaProject, QdaSelection, QdaSource
from themecoder.store.merge_base import Incoming, MergeWriter, Placement, Target, place
from themecoder.store.merge_codes import merge_codes
from themecoder.store.merge_people import DocumentIndex, merge_case, store_user_guids

MemoPlace = tuple[str, int | None, int | None, tuple[int, int] | None, str]

if TYPE_CHECKING:
    from collections.abc import Mapping

    from themecoder.store.merge_report import MergeReport
    from themecoder.store.project import Project


class BundleMerger(MergeWriter):
    """One merge of a bundle; `run` does it all (inside the caller's transaction)."""

    def __init__(self, project: Project, report: MergeReport, *, coder: str, coder_prefix: str = "",
                 lang: str | None = None, kind: str | None = None, origin: str = "") -> None:
        super().__init__(project, report, origin)
        self.prefix, self.default_coder, self.lang, self.kind = coder_prefix, coder, lang, kind
        self.users: dict[str, str] = {}
        self.code_paths: dict[str, str] = {}
        self.targets: dict[str, Target] = {}
        self.missing: dict[str, str] = {}  # source GUID -> why it has no document
        self.spots: dict[str, tuple[Target | None, Placement]] = {}  # selection GUID -> placement

    def run(self, bundle: QdaProject, code_map: Mapping[str, str]) -> None:
        paths = merge_codes(self.project, bundle.codes, code_map, self.report)
        self.code_paths = {code.guid: paths[code.path] for code in bundle.codes if code.guid}
        self.users = {user.guid: self.prefix + user.name for user in bundle.users}
        case_of = self._cases(bundle.cases)
        self._sources(bundle.sources, case_of)
        memos = _coding_memos(bundle.notes)
        for source in bundle.sources:
            for selection in source.selections:
                self._selection(source, selection, memos)
        names = {source.guid: source_name(source) for source in bundle.sources}
        for note in bundle.notes:
            self._note(note, names)
        store_user_guids(self.db, {g: n for g, n in self.users.items() if n in self.report.coders})
        self.report.warnings += [f"{self.report.source}: {w}" for w in bundle.warnings]
        self.report.documents_skipped += [(line, "not a text source") for line in bundle.skipped]

    def coder(self, user_guid: str | None) -> str:
        """The coder name of a REFI user (the merging coder when the file names nobody)."""
        return self.users.get(user_guid or "") or self.prefix + self.default_coder

    def _cases(self, cases: list[QdaCase]) -> dict[str, str]:
        case_of: dict[str, str] = {}
        for case in cases:
            merge_case(self.db, case.name, case.guid, case.variables, self.report)
            case_of.update((guid, case.name) for guid in case.source_guids)
        return case_of

    def _sources(self, sources: list[QdaSource], case_of: dict[str, str]) -> None:
        index = DocumentIndex(self.db)
        new: list[tuple[QdaSource, ParsedDocument]] = []
        for source in sources:
            name = source_name(source)
            if source.text is None or not source.text.strip():
                reason = "the file holds no text for it" if source.text is None else "empty text"
                self.missing[source.guid] = reason
                self.report.documents_skipped.append((name, reason))
                continue
            sha = text_sha256(source.text)
            doc_id = index.match(sha, name)
            if doc_id is None and index.named(name) is not None:
                doc_id = index.named(name)
                self.targets[source.guid] = index.target(doc_id, same_text=False)  # type: ignore[arg-type]
                self.report.documents_changed.append(self.targets[source.guid].name)
            elif doc_id is not None:
                self.targets[source.guid] = index.target(doc_id, same_text=True)
                self.report.documents_matched.append(self.targets[source.guid].name)
            else:
                new.append((source, self._parsed(source, index.free_key(sha, source.guid), case_of)))
                continue
            index.assign_case(doc_id, case_of.get(source.guid), self.report)
        self._add_documents(new, index)

    def _parsed(self, source: QdaSource, key: str, case_of: dict[str, str]) -> ParsedDocument:
        parsed = source_document(source, self.report.source, kind=self.kind)
        assert parsed is not None  # sources without text were set aside above
        parsed.import_key, parsed.case = key, case_of.get(source.guid)
        return parsed

    def _add_documents(self, new: list[tuple[QdaSource, ParsedDocument]], index: DocumentIndex) -> None:
        if not new:
            return
        results = self.project.add_documents([parsed for _, parsed in new], lang=self._lang())
        for (source, parsed), result in zip(new, results, strict=True):
            assert result.doc_id is not None
            self.targets[source.guid] = Target(result.doc_id, result.name, parsed.text, True)
            self.report.documents_added.append(result.name)
            self.report.warnings += [f"{result.name}: {warning}" for warning in result.warnings]
            index.adopt_guid(result.doc_id, source.guid)

    def _lang(self) -> str:
        if self.lang:
            return self.lang
        langs = Counter(r[0] for r in self.db.execute("SELECT lang FROM documents"))
        return langs.most_common(1)[0][0] if langs else "en"

    def _selection(self, source: QdaSource, selection: QdaSelection, memos: dict[str, str]) -> None:
        target = self.targets.get(source.guid)
        quote = (source.text or "")[selection.start : selection.end]
        spot: Placement = self.missing.get(source.guid, "no document for this source")
        if target is not None:
            spot = place(target, selection.start, selection.end, quote)
        self.spots[selection.guid] = (target, spot)
        for coding in selection.codings:
            path = self.code_paths.get(coding.code_guid)
            if path is None:
                self.report.warnings.append(f"coding {coding.guid}: its code is not in the codebook")
                continue
            coder = self.coder(coding.creating_user or selection.creating_user)
            where = f"{source_name(source)} {selection.start}-{selection.end} {path} ({coder})"
            incoming = Incoming(where, path, coder, selection.start, selection.end, quote,
                                memos.get(coding.guid, ""), coding.created or selection.created,
                                coding.guid)
            self.store(target, incoming, source_name(source), spot)

    def _note(self, note: QdaNote, names: dict[str, str]) -> None:
        if note.target_kind == "coding":
            return  # merged into the coding's memo
        kind, target_id, doc_id, span, text = self._memo_place(note, names)
        self.add_memo(kind, text, self.coder(note.creating_user), target_id=target_id, doc_id=doc_id,
                      span=span, created=note.created, guid=note.guid)

    def _memo_place(self, note: QdaNote, names: dict[str, str]) -> MemoPlace:
        """(memo kind, target id, document id, span, text) for a note: what it was attached to,
        else the nearest thing that is in the project (a document, else the project)."""
        text, guid = _note_text(note), note.target_guid or ""
        if note.target_kind == "selection" and guid in self.spots:
            target, spot = self.spots[guid]
            if target is not None and not isinstance(spot, str):
                return "span", None, target.doc_id, spot[:2], text
            text += "\n\n(on a passage that could not be placed)"
            if target is not None:
                return "document", target.doc_id, target.doc_id, None, text
        elif note.target_kind == "source" and guid in self.targets:
            doc_id = self.targets[guid].doc_id
            return "document", doc_id, doc_id, None, text
        elif note.target_kind == "source":
            text = f"(about {names.get(guid, 'a source not imported')})\n\n{text}"
        elif note.target_kind == "code" and guid in self.code_paths:
            return "code", self.code_id(self.code_paths[guid]), None, None, text
        return "project", None, None, None, text


def _coding_memos(notes: list[QdaNote]) -> dict[str, str]:
    memos: dict[str, list[str]] = {}
    for note in notes:
        if note.target_kind == "coding" and note.target_guid:
            memos.setdefault(note.target_guid, []).append(_note_text(note))
    return {guid: "\n\n".join(texts) for guid, texts in memos.items()}


def _note_text(note: QdaNote) -> str:
    """A note's text, its name first when the text does not already say it."""
    text = note.text
    name = note.name.strip()
    return f"{name}\n\n{text}" if name and name not in text else text
