"""Code frequencies per unit of analysis: documents, cases, coders or the values of a case attribute.

Measures, per unit and code:
- `count`: codings of the code in the unit;
- `presence`: 1 if the unit has any such coding, else 0;
- `words`: words in the union of the code's coded spans in the unit (overlapping or touching
  codings are merged first, so no word is counted twice);
- `per1000`: codings per 1,000 words of the unit's documents (None when the unit has no words).

A parent code's column counts its own codings only; with `rollup` it also counts its descendants'.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from themecoder.core.errors import InputError
from themecoder.core.model import Coding
from themecoder.core.segmentation import count_words

BY_KINDS = ("document", "case", "coder", "attribute:NAME")
MEASURES = ("count", "presence", "words", "per1000")
Value = int | float | None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the frequencies need of a document: its words, case and the case's attributes."""

    id: int
    name: str
    words: int
    case: str | None = None
    attributes: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class FrequencyTable:
    """Units x codes. `values[i][j]` is the measure for unit `keys[i]` and code `codes[j]`."""

    key_name: str
    measure: str
    codes: list[str]
    keys: list[str]
    values: list[list[Value]]
    unit_words: list[int]
    notes: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return [self.key_name, *self.codes]

    def wide_rows(self) -> list[dict[str, Any]]:
        """One row per unit: the key, then one column per code path in codebook order."""
        return [{self.key_name: key, **dict(zip(self.codes, row, strict=True))}
                for key, row in zip(self.keys, self.values, strict=True)]

    def long_rows(self) -> list[dict[str, Any]]:
        """Tidy rows (unit, code, value), units in order, codes in codebook order within each."""
        return [{self.key_name: key, "code": code, self.measure: value}
                for key, row in zip(self.keys, self.values, strict=True)
                for code, value in zip(self.codes, row, strict=True)]

    @property
    def long_columns(self) -> list[str]:
        return [self.key_name, "code", self.measure]


def parse_by(by: str) -> tuple[str, str | None]:
    """`document|case|coder|attribute:NAME` -> (kind, attribute name or None)."""
    kind, _, name = by.partition(":")
    if kind == "attribute" and name.strip():
        return kind, name.strip()
    if by in ("document", "case", "coder"):
        return by, None
    raise InputError(f"--by {by}: use document, case, coder or attribute:NAME")


def frequency_table(documents: Sequence[DocumentInfo], codings: Iterable[Coding], codes: Sequence[str],
                    *, by: str = "document", measure: str = "count", rollup: bool = False,
                    coders: Sequence[str] | None = None) -> FrequencyTable:
    """The frequency table of `codings` (already filtered by coder) over `codes` in codebook order.

    `coders` gives the rows for `by="coder"` (default: the coders present in `codings`).
    """
    if measure not in MEASURES:
        raise InputError(f"--measure {measure}: use one of {', '.join(MEASURES)}")
    kind, attribute = parse_by(by)
    codings = list(codings)
    units = _units(kind, attribute, documents, codings, coders)
    targets = code_targets(codes, rollup)
    cells: dict[tuple[str, str], list[Coding]] = defaultdict(list)
    for coding in codings:
        key = units.key_of(coding)
        if key is not None:
            for code in targets.get(coding.code, ()):
                cells[key, code].append(coding)
    values = [[_measure(measure, cells.get((key, code), []), units.words[key]) for code in codes]
              for key in units.keys]
    key_name = _key_name(kind, attribute, codes)
    return FrequencyTable(key_name, measure, list(codes), units.keys, values,
                          [units.words[k] for k in units.keys], units.notes)


def code_targets(codes: Sequence[str], rollup: bool) -> dict[str, tuple[str, ...]]:
    """For each code path, the columns its codings count towards: itself, plus ancestors if `rollup`."""
    known = set(codes)
    targets = {}
    for path in codes:
        parts = path.split("/")
        ancestors = ["/".join(parts[:i]) for i in range(1, len(parts))] if rollup else []
        targets[path] = tuple([path] + [a for a in ancestors if a in known])
    return targets


def _measure(measure: str, codings: list[Coding], unit_words: int) -> Value:
    if measure == "count":
        return len(codings)
    if measure == "presence":
        return int(bool(codings))
    if measure == "words":
        return coded_words(codings)
    return len(codings) * 1000 / unit_words if unit_words else None


def coded_words(codings: Iterable[Coding]) -> int:
    """Words in the union of the codings' spans, per document (each coding carries its quoted text)."""
    by_doc: dict[int, list[Coding]] = defaultdict(list)
    for coding in codings:
        by_doc[coding.doc_id].append(coding)
    return sum(count_words(piece) for spans in by_doc.values() for piece in merged_texts(spans))


def merged_texts(codings: list[Coding]) -> list[str]:
    """The texts of the maximal runs covered by overlapping or touching codings of one document."""
    pieces: list[str] = []
    end = -1
    for c in sorted(codings, key=lambda c: (c.start, c.end)):
        if pieces and c.start <= end:
            if c.end > end:
                pieces[-1] += c.text[end - c.start:]
                end = c.end
        else:
            pieces.append(c.text)
            end = c.end
    return pieces


@dataclass(slots=True)
class _Units:
    keys: list[str]
    words: dict[str, int]
    doc_key: dict[int, str | None]
    by_coder: bool = False
    notes: list[str] = field(default_factory=list)

    def key_of(self, coding: Coding) -> str | None:
        if self.by_coder:
            return coding.coder if coding.coder in self.words else None
        return self.doc_key.get(coding.doc_id)


def _units(kind: str, attribute: str | None, documents: Sequence[DocumentInfo],
           codings: list[Coding], coders: Sequence[str] | None) -> _Units:
    if kind == "coder":
        return _coder_units(documents, codings, coders)
    if kind == "document":
        return _Units([d.name for d in documents], {d.name: d.words for d in documents},
                      {d.id: d.name for d in documents})
    if kind == "attribute":
        _check_attribute(str(attribute), documents)
    doc_key = {d.id: _group_value(d, kind, attribute) for d in documents}
    words: dict[str, int] = defaultdict(int)
    for doc in documents:
        if doc_key[doc.id] is not None:
            words[str(doc_key[doc.id])] += doc.words
    units = _Units(sorted(words, key=natural_key), dict(words), doc_key)
    left_out = sum(1 for v in doc_key.values() if v is None)
    if left_out:
        what = "a case" if kind == "case" else f"a value for {attribute}"
        units.notes.append(f"{left_out} document(s) without {what} left out")
    return units


def _group_value(doc: DocumentInfo, kind: str, attribute: str | None) -> str | None:
    value = doc.case if kind == "case" else doc.attributes.get(str(attribute))
    return None if value is None or str(value).strip() == "" else str(value)


def _coder_units(documents: Sequence[DocumentInfo], codings: list[Coding],
                 coders: Sequence[str] | None) -> _Units:
    """Each coder's unit is the documents the coder coded at least once."""
    words_of = {d.id: d.words for d in documents}
    coded: dict[str, set[int]] = defaultdict(set)
    for coding in codings:
        coded[coding.coder].add(coding.doc_id)
    names = list(coders) if coders else sorted(coded, key=natural_key)
    words = {name: sum(words_of.get(d, 0) for d in coded.get(name, ())) for name in names}
    return _Units(names, words, {}, by_coder=True)


def _check_attribute(name: str, documents: Sequence[DocumentInfo]) -> None:
    present = sorted({a for d in documents for a in d.attributes}, key=natural_key)
    if name not in present:
        have = ", ".join(present) if present else "none (attach them with `cases import`)"
        raise InputError(f"--by attribute:{name}: no such case attribute; attributes: {have}")


def _key_name(kind: str, attribute: str | None, codes: Sequence[str]) -> str:
    name = str(attribute) if kind == "attribute" else kind
    return f"attribute:{name}" if name in codes else name


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key putting P2 before P10 and 9 before 10."""
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if not math.isnan(number):  # a number sorts by its value
        return (0, number, ())
    parts = _DIGITS.split(text.casefold())
    return (1, 0.0, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts))
