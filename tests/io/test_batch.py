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
