"""Inter-coder agreement over the project: gather the scope, compute it with `core.agreement`.

The CLI's `agree`, the TUI's agreement screen and Python users call `Project.agreement`, so all
three report the same numbers. Adjudication (`adjudication_store`) comes with this mixin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from themecoder.store.adjudication_store import AdjudicationStore

if TYPE_CHECKING:
    from themecoder.core.agreement import AgreementReport
    from themecoder.store.agreement_scope import AgreementScope


@dataclass(slots=True)
class AgreementResult:
    """An agreement report with the scope it was computed on."""

    report: AgreementReport
    scope: AgreementScope

    @property
    def documents(self) -> list[str]:
        return [self.scope.doc_names[doc_id] for doc_id, _ in self.scope.documents]

    def to_dict(self) -> dict[str, Any]:
        """The JSON of `themecoder agree`: the report's shape plus `documents` and scope `notes`."""
        return self.report.to_dict() | {"documents": self.documents, "notes": list(self.scope.notes)}


class AgreementStore(AdjudicationStore):
    def agreement(self, *, coders: Sequence[str] | None = None, unit: str = "sentence",
                  codes: Sequence[str] | None = None, docs: Sequence[str | int] | None = None,
                  exclude_uncoded: bool = False) -> AgreementResult:
        """Agreement per code and pooled, for the chosen (or default) coders, codes and documents.

        Args:
            coders: two or more coder names; default every coder but `consensus` and `suggest`.
            unit: `char`, `sentence`, `turn` or `document`.
            codes: code paths (each exactly that code); default the codes these coders applied.
            docs: document ids or names; default the documents every chosen coder coded.
            exclude_uncoded: leave out the units no coder coded with any code in scope.
        """
        from themecoder.core.agreement import agreement_report

        scope = self.agreement_scope(coders=coders, unit=unit, codes=codes, docs=docs)
        report = agreement_report(scope.documents, scope.table, scope.coders, scope.codes, unit,
                                  scope.segment_table, exclude_uncoded=exclude_uncoded)
        return AgreementResult(report, scope)
