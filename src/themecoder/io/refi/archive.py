"""Writing the `.qdpx` archive while its `project.qde` is being laid out.

The calling thread lays out the document; a second thread compresses it as it comes (zlib lets
go of the GIL) and writes `project.qde`, then the texts, which a third thread compressed
beforehand, while the document was still being laid out. Members have fixed dates and modes, so
the same project gives the same bytes.
"""

from __future__ import annotations

import queue
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

ZIP_LEVEL = 3  # deflate level: 2-3x faster than the default 6 on a large study, ~12% larger
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_PIECE = 1 << 20  # bytes of project.qde handed to the compressing thread at a time


def write_archive(temporary: str, chunks: Iterable[bytes], texts: list[tuple[str, str]], *,
                  large: bool, after_layout: Callable[[], object] | None = None) -> None:
    """Write the archive: `project.qde` from `chunks` (laid out here, as they are taken), then
    the texts (member name, text).

    Args:
        temporary: the file to write.
        chunks: the document's UTF-8, in pieces.
        texts: the text members, in order.
        large: whether `project.qde` may need ZIP64.
        after_layout: called once the last chunk is taken, while compressing goes on.

    The pieces go through a short queue: `None` ends the document, then comes True (write the
    texts) or None (laying out failed).
    """
    compressed = _TextCompressor(texts)
    compressed.start()
    pieces: queue.Queue[Any] = queue.Queue(maxsize=8)  # pieces of `_PIECE` bytes
    failed: list[BaseException] = []
    worker = threading.Thread(target=_compress, args=(temporary, pieces, compressed, large, failed))
    worker.start()
    done = False
    try:
        for piece in _gathered(chunks):
            pieces.put(piece)
        done = True
    finally:
        pieces.put(None)
        pieces.put(True if done else None)
        try:
            if done and after_layout is not None:
                after_layout()
        finally:
            worker.join()
            compressed.join()
    if failed:
        raise failed[0]


class _TextCompressor(threading.Thread):
    """Deflates each text as its member will hold it (zipfile's compressor: raw deflate at
    `ZIP_LEVEL`, one write), in order, while the document is still being laid out."""

    def __init__(self, texts: list[tuple[str, str]]) -> None:
        super().__init__(name="qdpx-texts")
        self.texts = texts
        self.deflated: list[bytes] = []  # each text's, in order

    def run(self) -> None:
        for _name, text in self.texts:
            deflate = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
            self.deflated.append(deflate.compress(text.encode("utf-8")) + deflate.flush())


class _Deflated:
    """Stands in for a member's compressor, handing over what `_TextCompressor` deflated."""

    def __init__(self, deflated: bytes) -> None:
        self.deflated = deflated

    def compress(self, _data: bytes) -> bytes:
        deflated, self.deflated = self.deflated, b""
        return deflated

    def flush(self) -> bytes:
        return b""


def _gathered(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks joined into pieces of about `_PIECE` bytes. Each piece costs the compressing
    thread a few takes of the GIL, and each take waits for this thread to let go of it (up to
    the interpreter's switch interval): with one piece per source, the two threads mostly took
    turns instead of working at once."""
    gathered: list[bytes] = []
    size = 0
    for chunk in chunks:
        gathered.append(chunk)
        size += len(chunk)
        if size >= _PIECE:
            yield b"".join(gathered)
            gathered, size = [], 0
    if gathered:
        yield b"".join(gathered)


def _compress(temporary: str, pieces: queue.Queue[Any], texts: _TextCompressor, large: bool,
              failed: list[BaseException]) -> None:
    """The archive: `project.qde` from the queue's pieces, then the texts."""
    ended: list[bool] = []  # [True] once the document's last piece came
    received = _until_none(pieces, ended)
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            _add_member(archive, "project.qde", received, large)
            if pieces.get():
                texts.join()
                for (name, text), deflated in zip(texts.texts, texts.deflated, strict=True):
                    _add_member(archive, name, [text.encode("utf-8")], False, deflated)
    except BaseException as err:  # noqa: BLE001 handed to the laying-out thread, which raises it
        failed.append(err)
        if not ended:  # let the laying out finish (the last item fits in the queue)
            for _piece in received:
                pass


def _until_none(pieces: queue.Queue[Any], ended: list[bool]) -> Iterator[bytes]:
    yield from iter(pieces.get, None)
    ended.append(True)


def _add_member(archive: zipfile.ZipFile, name: str, chunks: Iterable[bytes], large: bool,
                deflated: bytes | None = None) -> None:
    """One deflated member with fixed metadata (date, Unix mode 0644), so the bytes repeat; as
    `writestr` would write the chunks joined, without joining them. `deflated`: the chunks as
    zipfile's compressor would give them, deflated beforehand (used where zipfile's writer
    keeps its compressor where it did up to Python 3.13; else they are deflated again)."""
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 3
    info.external_attr = 0o644 << 16
    # what writestr(compresslevel=) sets, open() having no level argument (public from 3.13 as
    # compress_level, which keeps this name as an alias)
    info._compresslevel = ZIP_LEVEL  # type: ignore[attr-defined]
    with archive.open(info, "w", force_zip64=large) as member:
        if deflated is not None and hasattr(member, "_compressor"):
            member._compressor = _Deflated(deflated)  # type: ignore[attr-defined]
        for chunk in chunks:
            member.write(chunk)
