"""Pausing Python's cyclic garbage collector while a large bundle is built or written.

An export of a large study makes 100,000s of small objects that all stay alive until the file is
written (codings, selections, lines of XML) and form no reference cycles. With the collector on,
it traverses them again and again as they pile up: about a third of the time of building the
bundle, plus a full collection in the middle of writing it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Turn the cyclic collector off for the block, and back on after it if it was on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
