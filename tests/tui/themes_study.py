"""A small survey with three obvious topics (one document per answer), built through Project,
with some answers coded by `ana`; for the Themes screen and inline suggestions."""

from __future__ import annotations

from pathlib import Path

from tests.cli.suggest_corpus import answers, doc_name
from themecoder.core.model import ParsedDocument, Turn
from themecoder.store import Project

CODES = {"parking": ["access/parking"], "food": ["care/food", "feelings/disappointed"],
         "staff": ["care/staff"]}


def build_themes_study(path: Path, *, coded_per_topic: int = 6,
                       codes: dict[str, list[str]] = CODES) -> Path:
    """36 answers as survey documents; the first `coded_per_topic` of each topic coded by ana
    with the topic's `codes`."""
    with Project(path) as project:
        project.add_documents(
            [ParsedDocument(doc_name(row_id), text, [Turn(0, len(text))], "csv", kind="survey",
                            case=row_id, import_key=f"test:{row_id}")
             for row_id, _, text in answers()])
        seen: dict[str, int] = {}
        rows = []
        for row_id, topic, text in answers():
            seen[topic] = seen.get(topic, 0) + 1
            if seen[topic] <= coded_per_topic:
                rows += [{"doc": doc_name(row_id), "code": code, "start": 0, "end": len(text)}
                         for code in codes[topic]]
        if rows:
            project.add_codings(rows, coder="ana", source="test")
    return path


def stored(path: Path, sql: str) -> list[tuple]:
    with Project(path, create=False) as project:
        return [tuple(r) for r in project.db.execute(sql)]
