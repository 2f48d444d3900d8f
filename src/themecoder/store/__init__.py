"""The project store: one SQLite file per study. The only package that runs SQL."""

import themecoder.store.connection  # noqa: F401  first: it imports sqlite-utils without pandas
from themecoder.store.project import Project

__all__ = ["Project"]
