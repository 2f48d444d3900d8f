"""The project store: one SQLite file per study. The only package that runs SQL."""

from themecoder.store.project import Project

__all__ = ["Project"]
