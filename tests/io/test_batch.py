"""Reading many files in worker processes gives exactly what reading them here gives."""

from __future__ import annotations

from pathlib import Path

from themecoder.io.batch import CHUNK_BYTES, PARALLEL_MIN_BYTES, iter_read

LINE = "Interviewer: How are sales? Tell me more.\nAni: Better. We post daily! Customers come.\n"


def _transcripts(folder: Path, count: int, size: int) -> list[Path]:
    """`count` transcripts T00, T01, ... of about `size` characters, each a little longer."""
    files = []
    for n in range(count):
        path = folder / f"T{n:02d}.txt"
        path.write_text(LINE * (size // len(LINE) + n), encoding="utf-8")
        files.append(path)
    return files


def test_parallel_reading_equals_serial(tmp_path: Path) -> None:
    files = _transcripts(tmp_path, 3, PARALLEL_MIN_BYTES // 2)
    (tmp_path / "empty.txt").write_text("")
    files.append(tmp_path / "empty.txt")
    serial = list(iter_read(files, workers=1))
    parallel = list(iter_read(files, workers=2))
    assert [r.path for r in parallel] == files
    assert parallel[-1].error is not None and "empty" in parallel[-1].error
    for a, b in zip(serial, parallel, strict=True):
        assert [(d.text, d.turns, d.sentences) for d in a.documents] == [
            (d.text, d.turns, d.sentences) for d in b.documents]
    assert all(d.sentences for r in parallel[:-1] for d in r.documents)


def test_parallel_import_command_keeps_order_and_reports_a_bad_file(tmp_path: Path) -> None:
    """The real `import` with worker processes (--jobs 0) over >1 MB, a broken file in the middle: every
    good file is stored in file order with the same sentences as a one-process import, the bad
    one is named, and the exit status is 2."""
    import sqlite3

    from tests.robustness.killing import run_cli
    from themecoder.io.batch import MAX_AUTO_WORKERS, auto_workers

    assert 1 <= auto_workers() <= MAX_AUTO_WORKERS

    folder = tmp_path / "in"
    folder.mkdir()
    text = "Interviewer: Why online?\nBudi: Customers asked. I post photos daily!\n"
    for n in range(8):
        (folder / f"T{n}.txt").write_text(text * (PARALLEL_MIN_BYTES // len(text) // 7 + n))
    (folder / "T3b.txt").write_bytes(b"\x00\x01\x02binary\xff" * 100)
    results = {}
    for jobs in ("0", "1"):
        db = tmp_path / f"jobs{jobs}.db"
        done = run_cli(db, "import", str(folder), "--jobs", jobs)
        assert done.returncode == 2, done.stderr
        assert "T3b.txt" in done.stderr and done.stdout.count("imported") == 8
        with sqlite3.connect(db) as conn:
            results[jobs] = conn.execute(
                'SELECT d.name, s.kind, s.idx, s.start, s."end" FROM segments s '
                "JOIN documents d ON d.id = s.doc_id ORDER BY d.id, s.kind, s.idx").fetchall()
    assert results["0"] == results["1"]
    assert list(dict.fromkeys(name for name, *_ in results["0"])) == [f"T{n}" for n in range(8)]


def test_reading_ahead_in_a_thread_gives_every_file_in_order(tmp_path: Path) -> None:
    """Over several chunks a reader thread reads ahead; results are those of reading each file
    alone, in file order, with a bad file's error in its place; stopping early stops the thread."""
    import threading

    from themecoder.io import read_document

    files = _transcripts(tmp_path, 12, CHUNK_BYTES // 3)
    files.insert(5, tmp_path / "empty.txt")
    files[5].write_text("")
    results = list(iter_read(files))
    assert [r.path for r in results] == files
    assert results[5].error is not None and "empty" in results[5].error
    for result in results[:5] + results[6:]:
        (alone,) = read_document(result.path)
        assert [(d.text, d.turns) for d in result.documents] == [(alone.text, alone.turns)]
        assert result.documents[0].sentences
    early = iter_read(files)
    next(early)
    early.close()
    for thread in threading.enumerate():
        if thread.name == "themecoder-reader":
            thread.join(timeout=10)
            assert not thread.is_alive()
