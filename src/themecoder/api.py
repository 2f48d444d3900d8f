"""The public Python entry: `themecoder.open(path)` returns the study's `Project`."""

from __future__ import annotations

from pathlib import Path

from themecoder.store import Project


def open_project(path: str | Path, *, create: bool = False) -> Project:
    """Open a study's project file (created only when `create`)."""
    return Project(path, create=create)
