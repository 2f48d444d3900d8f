"""Reading many files at once: parsing and sentence splitting spread over the machine's cores.

The project file is written by the calling process only (one transaction); worker processes only
read files and return parsed documents with their sentences already computed.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from themecoder.core.errors import InputError
from themecoder.core.model import ParsedDocument

PARALLEL_MIN_BYTES = 1_000_000  # below this, starting workers costs more than it saves


@dataclass(slots=True)
class FileResult:
    """One file's outcome: its documents, or the one-line reason it failed."""

    path: Path
    documents: list[ParsedDocument] = field(default_factory=list)
    error: str | None = None


def read_many(files: Sequence[Path], *, lang: str = "en", workers: int = 1,
              **options: Any) -> list[FileResult]:
    """Read `files` (in order) with `read_document(**options)`, computing sentences for `lang`.

    With `workers` > 1, uses that many processes when there is enough text and this process has
    no other threads (forking a threaded process is unsafe); otherwise reads in this process.
    """
    total = sum(_size(f) for f in files)
    if workers < 2 or len(files) < 2 or total < PARALLEL_MIN_BYTES or threading.active_count() > 1:
        return _read_chunk(list(files), lang, options)
    chunks = _chunks(list(files), workers * 4)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = pool.map(_read_chunk, chunks, [lang] * len(chunks), [options] * len(chunks))
        return [result for part in parts for result in part]


def _read_chunk(files: list[Path], lang: str, options: dict[str, Any]) -> list[FileResult]:
    from themecoder.core.segmentation import sentence_spans_many
    from themecoder.io import read_document

    results = []
    for path in files:
        try:
            results.append(FileResult(path, read_document(path, **options)))
        except InputError as exc:
            results.append(FileResult(path, error=str(exc)))
    docs = [d for r in results for d in r.documents]
    for doc, spans in zip(docs, sentence_spans_many([(d.text, d.turns) for d in docs], lang),
                          strict=True):
        doc.sentences = spans
    return results


def _chunks(files: list[Path], n: int) -> list[list[Path]]:
    """Split into at most `n` contiguous chunks of similar total size, keeping file order."""
    sizes = [_size(f) for f in files]
    target = max(1, sum(sizes) // n)
    chunks: list[list[Path]] = [[]]
    acc = 0
    for path, size in zip(files, sizes, strict=True):
        if acc >= target and chunks[-1]:
            chunks.append([])
            acc = 0
        chunks[-1].append(path)
        acc += size
    return chunks


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
