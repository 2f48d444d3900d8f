"""Adjudication state: decisions on two coders' disagreements, written as the `consensus` coder.

Each decision is one transaction: its row in `adjudications` and the `consensus` codings it implies
(source `adjudicate`). The original coders' codings are never touched. A changed decision removes
the consensus codings the earlier one added (listed in `consensus_ids`) before adding its own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from themecoder.core.errors import InputError, NotFoundError
from themecoder.core.model import Coding
from themecoder.store.agreement_scope import AgreementScopeStore

if TYPE_CHECKING:  # core.adjudication loads core.agreement and numpy: imported where used
    from themecoder.core.adjudication import Region
    from themecoder.store.agreement_scope import AgreementScope

SOURCE = "adjudicate"


@dataclass(slots=True)
class AdjudicationStatus:
    """Progress of adjudicating one pair of coders."""

    coders: tuple[str, str]
    regions: int = 0
    decided: int = 0
    skipped: int = 0
    by_decision: dict[str, int] = field(default_factory=dict)
    by_code: list[dict[str, Any]] = field(default_factory=list)
    agreed_spans: int = 0
    agreed_in_consensus: int = 0

    @property
    def pending(self) -> int:
        return self.regions - self.decided

    def to_dict(self) -> dict[str, Any]:
        return {"coders": list(self.coders), "regions": self.regions, "decided": self.decided,
                "skipped": self.skipped, "pending": self.pending, "by_decision": self.by_decision,
                "agreed_spans": self.agreed_spans, "agreed_in_consensus": self.agreed_in_consensus,
                "codes": self.by_code}


class AdjudicationStore(AgreementScopeStore):
    def adjudication_scope(self, coders: Sequence[str] | None = None,
                           code: str | None = None,
                           docs: Sequence[str | int] | None = None) -> AgreementScope:
        """The two coders, documents, codes and codings adjudication works on."""
        return self.agreement_scope(coders=coders, unit="document", codes=[code] if code else None,
                                    docs=docs, exactly_two=True)

    def disagreement_regions(self, coders: Sequence[str] | None = None, code: str | None = None,
                             docs: Sequence[str | int] | None = None) -> list[Region]:
        """Every region where the two coders' spans of a code differ, with its saved decision.

        Sorted by code (codebook order), document and position.
        """
        scope = self.adjudication_scope(coders, code, docs)
        return self._regions(scope)

    def _regions(self, scope: AgreementScope) -> list[Region]:
        from themecoder.core.adjudication import Region, region_id
        from themecoder.core.agreement import disagreements

        pair = (scope.coders[0], scope.coders[1])
        saved = self._decisions(pair)
        texts: dict[int, str] = {}
        regions = []
        for path in scope.codes:
            code_id = scope.code_ids[path]
            for found in disagreements(scope.codings, pair, path):
                key = (code_id, found.doc_id, found.start, found.end)
                decision, by = saved.get(key, (None, None))
                if found.doc_id not in texts:
                    texts[found.doc_id] = self.document(found.doc_id).text  # type: ignore[attr-defined]
                regions.append(Region(
                    region_id(code_id, found.doc_id, found.start, found.end, pair), path,
                    found.doc_id, scope.doc_names[found.doc_id], found.start, found.end, pair,
                    found.spans, texts[found.doc_id][found.start:found.end], decision, by))
        return regions

    def _decisions(self, pair: tuple[str, str]) -> dict[tuple[int, int, int, int], tuple[str, str]]:
        """Saved decisions for the pair, keyed by (code id, doc id, start, end), in the pair's order."""
        from themecoder.core.adjudication import swap_decision

        flip = list(pair) != sorted(pair)
        rows = self.db.execute(
            'SELECT code_id, doc_id, start, "end", decision, decided_by FROM adjudications '
            "WHERE coder_a = ? AND coder_b = ?", sorted(pair))
        return {(r[0], r[1], r[2], r[3]): (swap_decision(r[4]) if flip else r[4], r[5]) for r in rows}

    def find_region(self, region_ref: str, coders: Sequence[str] | None = None) -> Region:
        """A region by its id (or a unique prefix of at least 4 characters)."""
        ref = region_ref.strip().lower()
        regions = self.disagreement_regions(coders)
        matches = [r for r in regions if r.id == ref or (len(ref) >= 4 and r.id.startswith(ref))]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise InputError(f"region {region_ref}: ambiguous, give more of the id")
        pair = " and ".join(regions[0].coders) if regions else "these coders"
        raise NotFoundError(f"region {region_ref}: not among the disagreements of {pair} "
                            f"(see `themecoder adjudicate list`)")

    def decide(self, region: Region, decision: str, *, decided_by: str) -> Region:
        """Save a decision on a region and write the consensus codings it implies (one transaction)."""
        from themecoder.core.adjudication import SKIP, check_decision, swap_decision

        choice = check_decision(decision)
        pair = sorted(region.coders)
        stored = choice if list(region.coders) == pair else swap_decision(choice)
        code_id = self.code_id(region.code)  # type: ignore[attr-defined]
        key = [code_id, region.doc_id, region.start, region.end, *pair]
        with self.transaction():  # type: ignore[attr-defined]
            self._remove_earlier_consensus(key)
            spans = [] if choice == SKIP else region.spans_of(choice)
            added = self._add_consensus(region, spans, code_id)
            self.db.execute(
                'INSERT OR REPLACE INTO adjudications (code_id, doc_id, start, "end", coder_a, '
                "coder_b, decision, consensus_ids, decided_by, decided_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [*key, stored, json.dumps(added), decided_by, _now()])
            self.record(decided_by, "adjudicate", {  # type: ignore[attr-defined]
                "region": region.id, "code": region.code, "doc_id": region.doc_id,
                "start": region.start, "end": region.end, "coders": list(region.coders),
                "decision": choice, "consensus_ids": added})
        return replace(region, decision=choice, decided_by=decided_by)

    def _remove_earlier_consensus(self, key: list[Any]) -> None:
        from themecoder.core.adjudication import CONSENSUS

        row = self.db.execute(
            'SELECT consensus_ids FROM adjudications WHERE code_id = ? AND doc_id = ? AND start = ? '
            'AND "end" = ? AND coder_a = ? AND coder_b = ?', key).fetchone()
        ids = json.loads(row[0]) if row else []
        if ids:
            self.db.execute(
                f"DELETE FROM codings WHERE coder = ? AND id IN ({','.join('?' * len(ids))})",
                [CONSENSUS, *ids])

    def _add_consensus(self, region: Region, spans: list[tuple[int, int]], code_id: int) -> list[int]:
        from themecoder.core.adjudication import CONSENSUS

        text = self.document(region.doc_id).text  # type: ignore[attr-defined]
        added = []
        for start, end in spans:
            coding = Coding(region.doc_id, region.code, CONSENSUS, start, end, text[start:end])
            coding_id, new = self._insert_coding(coding, code_id, SOURCE)  # type: ignore[attr-defined]
            if new:
                added.append(coding_id)
        return added

    def accept_agreed(self, coders: Sequence[str] | None = None, code: str | None = None, *,
                      decided_by: str, docs: Sequence[str | int] | None = None) -> int:
        """Copy every stretch both coders coded exactly alike to `consensus`. Returns codings added."""
        from themecoder.core.adjudication import CONSENSUS, agreed_spans

        scope = self.adjudication_scope(coders, code, docs)
        texts: dict[int, str] = {}
        added = []
        with self.transaction():  # type: ignore[attr-defined]
            for path in scope.codes:
                for doc_id, (start, end) in agreed_spans(scope.codings, scope.coders, path):
                    if doc_id not in texts:
                        texts[doc_id] = self.document(doc_id).text  # type: ignore[attr-defined]
                    coding = Coding(doc_id, path, CONSENSUS, start, end, texts[doc_id][start:end])
                    coding_id, new = self._insert_coding(  # type: ignore[attr-defined]
                        coding, scope.code_ids[path], SOURCE)
                    if new:
                        added.append(coding_id)
            if added:
                self.record(decided_by, "adjudicate-agreed", {  # type: ignore[attr-defined]
                    "coders": scope.coders, "consensus_ids": added})
        return len(added)

    def adjudication_status(self, coders: Sequence[str] | None = None, code: str | None = None,
                            docs: Sequence[str | int] | None = None) -> AdjudicationStatus:
        """How many regions are decided, skipped and pending, overall and per code."""
        from themecoder.core.adjudication import SKIP

        scope = self.adjudication_scope(coders, code, docs)
        regions = self._regions(scope)
        status = AdjudicationStatus((scope.coders[0], scope.coders[1]), regions=len(regions))
        for region in regions:
            if region.decision:
                status.by_decision[region.decision] = status.by_decision.get(region.decision, 0) + 1
        status.skipped = status.by_decision.get(SKIP, 0)
        status.decided = sum(n for d, n in status.by_decision.items() if d != SKIP)
        for path in scope.codes:
            mine = [r for r in regions if r.code == path]
            if mine:
                done = sum(r.settled for r in mine)
                status.by_code.append({"code": path, "regions": len(mine), "decided": done,
                                       "pending": len(mine) - done})
        self._count_agreed(scope, status)
        return status

    def _count_agreed(self, scope: AgreementScope, status: AdjudicationStatus) -> None:
        from themecoder.core.adjudication import CONSENSUS, agreed_spans

        written = self.codings(coder=CONSENSUS)  # type: ignore[attr-defined]
        consensus = {(c.doc_id, c.code, c.start, c.end) for c in written}
        for path in scope.codes:
            for doc_id, (start, end) in agreed_spans(scope.codings, scope.coders, path):
                status.agreed_spans += 1
                status.agreed_in_consensus += (doc_id, path, start, end) in consensus


def _now() -> str:
    from themecoder.store.project import now

    return now()
