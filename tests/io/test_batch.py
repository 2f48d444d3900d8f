"""Reading many files in worker processes gives exactly what reading them here gives."""

from __future__ import annotations

from pathlib import Path

from themecoder.io.batch import PARALLEL_MIN_BYTES, read_many


def test_parallel_reading_equals_serial(tmp_path: Path) -> None:
    line = "Interviewer: How are sales? Tell me more.\nAni: Better. We post daily! Customers come.\n"
    files = []
    for n in range(3):
        path = tmp_path / f"T{n}.txt"
        path.write_text(line * (PARALLEL_MIN_BYTES // len(line) // 2 + n), encoding="utf-8")
        files.append(path)
    (tmp_path / "empty.txt").write_text("")
    files.append(tmp_path / "empty.txt")
    serial = read_many(files, workers=1)
    parallel = read_many(files, workers=2)
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
