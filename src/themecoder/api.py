"""The public Python entry: `themecoder.open(path)` returns a `Study` over the project file.

    >>> import themecoder
    >>> study = themecoder.open("study.db")
    >>> study.frequencies(by="case", measure="presence")   # a pandas DataFrame
    >>> study.documents(), study.codings(coder="ann")      # DataFrames too

Tables come back as pandas DataFrames when pandas (the `analysis` extra) is installed, else as
lists of plain dicts with the same columns. Everything else a `Project` offers (`add_documents`,
`add_coding`, `codes`, ...) is reachable on the study too, or through `study.project`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Self

from themecoder.store import Project

CODING_COLUMNS = ["id", "doc", "doc_id", "code", "coder", "start", "end", "text", "memo", "created"]
DOCUMENT_COLUMNS = ["id", "name", "kind", "case", "words", "turns", "codings"]


def open_project(path: str | Path, *, create: bool = False) -> Study:
    """Open a study's project file (created only when `create`)."""
    return Study(Project(path, create=create))


def table(rows: list[dict[str, Any]], columns: Sequence[str]) -> Any:
    """`rows` as a pandas DataFrame with `columns`, or the rows themselves without pandas."""
    try:
        import pandas as pd
    except ImportError:
        return rows
    return pd.DataFrame(rows, columns=list(columns))


def _coders(coder: str | Sequence[str] | None) -> list[str]:
    return [coder] if isinstance(coder, str) else list(coder or [])


class Study:
    """A project opened for analysis: tables as DataFrames (or plain rows), numbers as the CLI's."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def __getattr__(self, name: str) -> Any:
        if name == "project":  # not set yet (e.g. while unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.project, name)

    def __repr__(self) -> str:
        return f"<themecoder.Study {self.project.path}>"

    def documents(self) -> Any:
        """One row per document: id, name, kind, case, words, turns, codings, then case attributes."""
        infos = {d.id: d for d in self.project.document_infos()}
        rows, attributes = [], sorted({a for d in infos.values() for a in d.attributes})
        for summary in self.project.document_summaries():
            row = {c: summary[c] for c in DOCUMENT_COLUMNS}
            attrs = infos[summary["id"]].attributes
            rows.append(row | {_attribute_column(a): attrs.get(a) for a in attributes})
        return table(rows, DOCUMENT_COLUMNS + [_attribute_column(a) for a in attributes])

    def codings(self, *, doc: str | int | None = None, code: str | None = None,
                coder: str | Sequence[str] | None = None) -> Any:
        """One row per coding (filters combine; `code` includes its children), in text order."""
        rows = [{"id": c.id, "doc": c.doc, "doc_id": c.doc_id, "code": c.code, "coder": c.coder,
                 "start": c.start, "end": c.end, "text": c.text, "memo": c.memo, "created": c.created}
                for c in self.project.codings(doc=doc, code=code, coder=_coders(coder) or None)]
        return table(rows, CODING_COLUMNS)

    def frequencies(self, by: str = "document", measure: str = "count", *,
                    coder: str | Sequence[str] | None = None, rollup: bool = False,
                    long: bool = False) -> Any:
        """Code frequencies, as `export frequencies`: wide (key, then one column per code) or long."""
        result = self.project.frequency_table(by=by, measure=measure, coders=_coders(coder),
                                              rollup=rollup)
        if long:
            return table(result.long_rows(), result.long_columns)
        return table(result.wide_rows(), result.columns)

    def cooccurrence(self, unit: str = "sentence", measure: str = "count", *,
                     coder: str | Sequence[str] | None = None, rollup: bool = False) -> Any:
        """The code x code matrix, as `export cooccurrence`: a `code` column, then one per code."""
        matrix, _ = self.project.cooccurrence_matrix(unit=unit, coders=_coders(coder), rollup=rollup)
        return table(matrix.rows(measure), ["code", *matrix.codes])

    def triangulate(self, quant: str | Path | Any, key: str, *, variables: Sequence[str] | None = None,
                    coder: str | Sequence[str] | None = None, rollup: bool = False) -> Any:
        """The joint display, as `triangulate --format csv`; `quant` is a file or a DataFrame/rows."""
        from themecoder.io.joint_display import joint_columns, joint_rows

        display = self.joint_display(quant, key, variables=variables, coder=coder, rollup=rollup,
                                     exemplars=False)
        return table(joint_rows(display), joint_columns(display))

    def joint_display(self, quant: str | Path | Any, key: str, *,
                      variables: Sequence[str] | None = None,
                      coder: str | Sequence[str] | None = None, rollup: bool = False,
                      exemplars: bool = True) -> Any:
        """The `core.triangulation.JointDisplay` (rows with exemplars, unmatched cases, notes)."""
        rows, where = _quant_rows(quant)
        return self.project.joint_display(rows, key, variables=variables, coders=_coders(coder),
                                          rollup=rollup, where=where, exemplars=exemplars)

    def close(self) -> None:
        self.project.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _attribute_column(name: str) -> str:
    return f"attr_{name}" if name in DOCUMENT_COLUMNS else name


def _quant_rows(quant: Any) -> tuple[list[Mapping[str, Any]], str]:
    if isinstance(quant, str | Path):
        from themecoder.io.tables import read_table_rows

        return read_table_rows(Path(quant)), str(quant)
    if hasattr(quant, "to_dict"):  # a pandas DataFrame
        from themecoder.io.tables import cell_text

        records = quant.to_dict("records")
        return [{str(k): cell_text(v) for k, v in r.items()} for r in records], "DataFrame"
    return list(quant), "rows"
