"""themecoder: qualitative interview coding in the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from themecoder.api import Study


def open(path: str, *, create: bool = False) -> Study:  # shadows a builtin: the documented entry
    """Open a project file: `p = themecoder.open("study.db")`."""
    from themecoder.api import open_project

    return open_project(path, create=create)
