"""Reading many files at once: parsing and sentence splitting spread over the machine's cores.

The project file is written by the calling process only (one transaction); worker processes only
read files and return parsed documents with their sentences already computed.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from themecoder.core.errors import InputError
from themecoder.core.model import ParsedDocument

PARALLEL_MIN_BYTES = 1_000_000  # below this, starting workers costs more than it saves
CHUNK_BYTES = 150_000  # files read (and handed over) together: about 25k words
AHEAD = 2  # chunks the reader thread may read before the caller has taken them
MAX_AUTO_WORKERS = 4  # beyond this the single writing process is the bottleneck


@dataclass(slots=True)
class FileResult:
    """One file's outcome: its documents, or the one-line reason it failed."""

    path: Path
    documents: list[ParsedDocument] = field(default_factory=list)
    error: str | None = None


def auto_workers() -> int:
    """Worker processes for `--jobs 0`: the CPUs this process may use (at most 4) where worker
    processes can be forked (Linux); 1 elsewhere, as starting fresh interpreters costs more than
    it saves for most imports."""
    if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(MAX_AUTO_WORKERS, len(os.sched_getaffinity(0))))


def iter_read(files: Sequence[Path], *, lang: str = "en", workers: int = 1,
              **options: Any) -> Iterator[FileResult]:
    """Read `files` with `read_document(**options)`, computing sentences for `lang`: results
    come in file order, as they are read, so the caller stores them while the next files are read. In one process a reader thread reads a few chunks
    of files ahead of the caller (storing overlaps it, as SQLite runs without holding the GIL).

    With `workers` > 1 (0: `auto_workers()`), uses that many processes when there is enough text,
    the system can fork, and this process has no other threads (forking a threaded process is
    unsafe); otherwise reads in this process. The results are the same whatever `workers` is.
    """
    workers = auto_workers() if workers == 0 else workers
    sizes = [_size(f) for f in files]
    total = sum(sizes)
    if (workers < 2 or len(files) < 2 or total < PARALLEL_MIN_BYTES or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        chunks = _chunks(files, sizes, max(1, total // CHUNK_BYTES))
        if len(chunks) == 1:
            yield from _read_chunk(chunks[0], lang, options)
        else:
            yield from _read_ahead(chunks, lang, options)
        return
    chunks = _chunks(files, sizes, max(workers * 4, total // CHUNK_BYTES))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    gc.freeze()  # else each worker's garbage collector walks, and so copies, this process's heap
    try:
        parts = pool.map(_read_chunk, chunks, [lang] * len(chunks), [options] * len(chunks))
    finally:  # the workers are forked by now (all of them, at the first task)
        gc.unfreeze()
    try:  # results as they come: the caller stores them while the workers read on
        for part in parts:
            yield from part
    finally:  # an error, Ctrl-C or the caller stopping: don't read the files still queued
        pool.shutdown(wait=True, cancel_futures=True)


def _read_ahead(chunks: list[list[Path]], lang: str, options: dict[str, Any]) -> Iterator[FileResult]:
    """The chunks' results, read by a thread that keeps up to `AHEAD` chunks ready. An error in
    the thread is raised here; when the caller stops early (an error, Ctrl-C), the thread stops
    after its current chunk."""
    ready: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()

    def hand_over(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for chunk in chunks:
                if not hand_over(("results", _read_chunk(chunk, lang, options))):
                    return
        except BaseException as exc:  # noqa: BLE001  # raised in the caller's thread
            hand_over(("error", exc))
            return
        hand_over(("end", None))

    threading.Thread(target=read, name="themecoder-reader", daemon=True).start()
    try:
        while True:
            kind, value = ready.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield from value
    finally:
        stop.set()


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


def _chunks(files: Sequence[Path], sizes: Sequence[int], n: int) -> list[list[Path]]:
    """Split into at most `n` contiguous chunks of similar total size, keeping file order."""
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
