"""What agreement and adjudication work on: the coders, documents, codes and codings in scope.

Defaults a methods reviewer can state in one sentence: the coders are every human coder (all but
`consensus` and `suggest`); the documents are those every one of these coders coded (the
reliability sample; a document one coder never opened would count as pure disagreement); the
codes are those any of these coders applied there. Explicit choices override each default.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from themecoder.core.adjudication import NOT_HUMAN
from themecoder.core.agreement import UNITS
from themecoder.core.agreement.spans import Span
from themecoder.core.errors import InputError, NotFoundError
from themecoder.core.model import Coding

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(slots=True)
class AgreementScope:
    """The inputs of `core.agreement.agreement_report`, and how they were chosen."""

    coders: list[str]
    codes: list[str]
    code_ids: dict[str, int]
    documents: list[tuple[int, int]]  # (doc_id, length in code points), in import order
    doc_names: dict[int, str]
    codings: list[Coding]
    segments: dict[int, list[Span]] | None = None
    notes: list[str] = field(default_factory=list)


class AgreementScopeStore:
    db: sqlite_utils.Database
    path: object

    def human_coders(self) -> list[str]:
        """Coders with codings, except the `consensus` and `suggest` coders."""
        return [c for c in self.coders() if c not in NOT_HUMAN]  # type: ignore[attr-defined]

    def agreement_scope(self, *, coders: Sequence[str] | None = None, unit: str = "sentence",
                        codes: Sequence[str] | None = None, docs: Sequence[str | int] | None = None,
                        exactly_two: bool = False) -> AgreementScope:
        """Validate the choices and gather documents, segments and codings for `unit`.

        Raises NotFoundError for an unknown coder, code or document (naming what exists),
        InputError for fewer than two coders or a coding that lies outside its document.
        """
        if unit not in UNITS:
            raise InputError(f"--unit: {unit!r} is not one of {', '.join(UNITS)}")
        notes: list[str] = []
        chosen = self._choose_coders(coders, exactly_two, notes)
        doc_ids = self._choose_documents(docs, chosen, notes)
        paths, code_ids = self._choose_codes(codes, chosen, doc_ids, notes)
        documents, names = self._document_lengths(doc_ids)
        codings = self._scope_codings(chosen, dict(documents), names, code_ids)
        scope = AgreementScope(chosen, paths, code_ids, documents, names, codings, notes=notes)
        if unit in ("sentence", "turn"):
            scope.segments = self._scope_segments(unit, doc_ids, names, notes)
        return scope

    def _choose_coders(self, coders: Sequence[str] | None, exactly_two: bool,
                       notes: list[str]) -> list[str]:
        known = self.coders()  # type: ignore[attr-defined]
        if coders:
            chosen = [c.strip() for c in coders if c.strip()]
            for name in chosen:
                if name not in known:
                    raise NotFoundError(f"--coders: no coder {name!r} in this project "
                                        f"(coders: {', '.join(known) or 'none yet'})")
            if len(set(chosen)) != len(chosen):
                raise InputError("--coders: a coder is listed twice")
        else:
            chosen = self.human_coders()
            if len(chosen) >= 2 and not (exactly_two and len(chosen) > 2):
                notes.append(f"coders: every coder except {' and '.join(NOT_HUMAN)} "
                             f"({', '.join(chosen)}); choose with --coders")
        if len(chosen) < 2:
            raise InputError(f"--coders: agreement needs at least two coders ({len(chosen)} given: "
                             f"{', '.join(chosen) or 'none'}; coders: {', '.join(known) or 'none'})")
        if exactly_two and len(chosen) != 2:
            raise InputError(f"--coders: adjudication compares two coders; name them with "
                             f"--coders A,B (coders: {', '.join(chosen)})")
        return chosen

    def _choose_documents(self, docs: Sequence[str | int] | None, coders: list[str],
                          notes: list[str]) -> list[int]:
        if docs:
            return sorted({self.document(ref).id for ref in docs})  # type: ignore[attr-defined]
        marks = ",".join("?" * len(coders))
        rows = list(self.db.execute(
            f"SELECT doc_id, count(DISTINCT coder) FROM codings WHERE coder IN ({marks}) "
            f"GROUP BY doc_id ORDER BY doc_id", coders))
        every = [doc_id for doc_id, n in rows if n == len(coders)]
        partly = len(rows) - len(every)
        if not every:
            raise InputError(f"--doc: no document was coded by all of {', '.join(coders)}; "
                             f"name documents with --doc")
        note = f"documents: the {len(every)} coded by every one of these coders"
        if partly:
            note += f" ({partly} coded by only some of them left out; add them with --doc)"
        notes.append(note)
        return every

    def _choose_codes(self, codes: Sequence[str] | None, coders: list[str], doc_ids: list[int],
                      notes: list[str]) -> tuple[list[str], dict[str, int]]:
        if codes:
            found = [self.code(ref) for ref in codes]  # type: ignore[attr-defined]
            unique = list(dict.fromkeys(c.path for c in found))
            return unique, {c.path: int(c.id or 0) for c in found}
        used = {row[0] for row in self.db.execute(
            f"SELECT DISTINCT code_id FROM codings WHERE coder IN ({','.join('?' * len(coders))}) "
            f"AND doc_id IN ({','.join('?' * len(doc_ids))})", [*coders, *doc_ids])}
        codebook = self.codes()  # type: ignore[attr-defined]
        chosen = [c for c in codebook if c.id in used]
        if not chosen:
            raise InputError("--code: these coders applied no code in these documents")
        if len(chosen) < len(codebook):
            notes.append(f"codes: the {len(chosen)} these coders applied "
                         f"({len(codebook) - len(chosen)} unused codes left out; name them with --code)")
        return [c.path for c in chosen], {c.path: int(c.id or 0) for c in chosen}

    def _document_lengths(self, doc_ids: list[int]) -> tuple[list[tuple[int, int]], dict[int, str]]:
        # SQLite's length() of TEXT counts characters, i.e. the code points offsets count.
        rows = list(self.db.execute(
            f"SELECT id, name, length(text) FROM documents WHERE id IN ({','.join('?' * len(doc_ids))}) "
            f"ORDER BY id", doc_ids))
        return [(r[0], r[2]) for r in rows], {r[0]: r[1] for r in rows}

    def _scope_codings(self, coders: list[str], lengths: dict[int, int], names: dict[int, str],
                       code_ids: dict[str, int]) -> list[Coding]:
        """The codings in scope, without their text; InputError for one outside its document."""
        marks = ",".join
        params = [*coders, *lengths, *code_ids.values()]
        rows = list(self.db.execute(
            f'SELECT g.id, g.doc_id, c.path, g.coder, g.start, g."end" FROM codings g '
            f"JOIN codes c ON c.id = g.code_id WHERE g.coder IN ({marks('?' * len(coders))}) "
            f"AND g.doc_id IN ({marks('?' * len(lengths))}) "
            f"AND g.code_id IN ({marks('?' * len(code_ids))}) ORDER BY g.doc_id, g.start", params))
        for cid, doc_id, _, _, start, end in rows:
            if not 0 <= start <= end <= lengths[doc_id]:
                raise InputError(
                    f"{self.path}: coding {cid} [{start}, {end}) lies outside document "
                    f"{names[doc_id]} (length {lengths[doc_id]}); fix or remove it "
                    f"(themecoder uncode {cid})")
        return [Coding(doc_id, path, coder, start, end, id=cid)
                for cid, doc_id, path, coder, start, end in rows]

    def _scope_segments(self, unit: str, doc_ids: list[int], names: dict[int, str],
                        notes: list[str]) -> dict[int, list[Span]]:
        wanted = set(doc_ids)
        every = self.all_segments(unit)  # type: ignore[attr-defined]
        segments = {d: spans for d, spans in every.items() if d in wanted}
        missing = [names[d] for d in doc_ids if not segments.get(d)]
        if missing:
            notes.append(f"{len(missing)} documents have no {unit}s and add no units: "
                         f"{', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}")
        return segments
