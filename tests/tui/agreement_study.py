"""Two coders' codings on the workbench test project, for the agreement and adjudication screens."""

from __future__ import annotations

from pathlib import Path

from tests.tui.helpers import build_project
from themecoder.store import Project

# (coder, code, quote): ana and budi disagree on sales-growth (overlapping spans) and on
# old-device (only ana), and agree exactly on peer-help.
CODINGS = [
    ("ana", "outcomes/sales-growth", "Sales grew a lot, and I feel braver."),
    ("budi", "outcomes/sales-growth", "Sales grew a lot"),
    ("ana", "barriers/old-device", "My phone was old and the memory was full."),
    ("ana", "support/peer-help", "Mas Rahmat helped me delete things."),
    ("budi", "support/peer-help", "Mas Rahmat helped me delete things."),
]


def build_coded_project(path: Path, extra: list[tuple[str, str, str]] | None = None) -> Path:
    """The conftest project with the codings above (and `extra`) in its first document."""
    build_project(path)
    with Project(path) as project:
        text = project.document(1).text
        for coder, code, quote in CODINGS + (extra or []):
            start = text.index(quote)
            project.add_coding(1, code, start, start + len(quote), coder=coder)
    return path


def spans(path: Path, coder: str) -> list[tuple[str, int, int]]:
    with Project(path) as project:
        return [(c.code, c.start, c.end) for c in project.codings(coder=coder)]
