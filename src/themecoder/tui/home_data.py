"""The home screen's rows: documents with their share coded, and the filter over them."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from themecoder.core.model import CodeDef

if TYPE_CHECKING:
    from themecoder.store import Project


@dataclass(slots=True)
class DocumentRow:
    id: int
    name: str
    kind: str
    case: str
    words: int
    turns: int
    codings: int
    coded: float  # share of the turns' characters covered by any coding, 0-1
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class HomeData:
    documents: list[DocumentRow]
    codes: list[CodeDef]
    shortcuts: dict[str, str]


def covered_share(turns: list[tuple[int, int]], spans: list[tuple[int, int]]) -> float:
    """Share of the characters in `turns` that lie inside at least one of `spans` (0 when no turns)."""
    total = sum(end - start for start, end in turns)
    if total <= 0:
        return 0.0
    covered, reach = 0, -1
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return min(1.0, covered / total)


def load_home_data(project: Project) -> HomeData:
    """Document rows (with share coded and case attributes), the codebook and its shortcuts.

    Every count comes from one SQL statement (`Project.document_overview`), so no coding, turn or
    document text is brought into Python: 2,000 documents with 200k codings load in a fraction
    of a second.
    """
    attributes = {
        c["case"]: {k: str(v) for k, v in c.items() if k not in ("case", "documents")}
        for c in project.cases()
    }
    rows = [_row(summary, attributes) for summary in project.document_overview()]
    codes = project.codes()
    return HomeData(rows, codes, shortcut_map(codes))


def _row(summary: dict[str, Any], attributes: dict[str, dict[str, str]]) -> DocumentRow:
    case = summary["case"] or ""
    total = summary["turn_chars"]
    return DocumentRow(
        summary["id"],
        summary["name"],
        summary["kind"],
        case,
        summary["words"],
        summary["turns"],
        summary["codings"],
        min(1.0, summary["coded_chars"] / total) if total > 0 else 0.0,
        attributes.get(case, {}),
    )


def shortcut_map(codes: list[CodeDef]) -> dict[str, str]:
    """Key -> code path: the codebook's shortcuts, else 1-9 for the first nine leaf codes."""
    from themecoder.core.codebook import Codebook
    from themecoder.core.errors import InputError

    try:
        return Codebook.from_codes(codes).shortcut_map()
    except InputError:  # a stored codebook that no longer validates: fall back to leaf order
        parents = {c.parent for c in codes}
        explicit = {c.shortcut: c.path for c in codes if c.shortcut}
        leaves = [c.path for c in codes if c.path not in parents]
        return explicit or {str(i): path for i, path in enumerate(leaves[:9], start=1)}


def matches_filter(row: DocumentRow, query: str) -> bool:
    """`kind:interview case:P03 region=north words` - every term must match.

    `kind:` and `case:` match those columns, `name=value` a case attribute, a bare word the name,
    kind, case or any attribute value.
    """
    terms = filter_terms(query)
    return all(_term_matches(row, term) for term in terms)


def filter_rows(rows: list[DocumentRow], query: str) -> list[DocumentRow]:
    """The rows `query` matches (see `matches_filter`), the query parsed once for all of them."""
    terms = filter_terms(query)
    if not terms:
        return list(rows)
    return [row for row in rows if all(_term_matches(row, term) for term in terms)]


def filter_terms(query: str) -> list[str]:
    """The lower-cased terms of a filter query; quotes group words into one term."""
    try:
        terms = shlex.split(query)
    except ValueError:
        terms = query.split()
    return [term.lower() for term in terms]


def _term_matches(row: DocumentRow, term: str) -> bool:
    if term.startswith("kind:"):
        return row.kind.lower().startswith(term[5:])
    if term.startswith("case:"):
        return term[5:] in row.case.lower()
    if "=" in term:
        name, value = term.split("=", 1)
        return any(k.lower() == name and value in v.lower() for k, v in row.attributes.items())
    haystack = [row.name, row.kind, row.case, *row.attributes.values()]
    return any(term in value.lower() for value in haystack)
