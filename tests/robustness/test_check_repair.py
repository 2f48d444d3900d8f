"""`check` / `check --repair` on real project files damaged the ways files get damaged."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from themecoder.cli import cli
from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.store import Project

TEXT = (
    "Interviewer: How did the training go?\n"
    "Sari: It went well. Sales grew after the training! I was happy.\n"
    "Interviewer: And your neighbours?\n"
    "Sari: They asked me to teach them. Sales grew again in May."
)


def _doc(name: str, text: str = TEXT) -> ParsedDocument:
    turns, pos = [], 0
    for line in text.split("\n"):
        label = line.index(": ") + 2
        turns.append(Turn(pos + label, pos + len(line), line[: label - 2]))
        pos += len(line) + 1
    return ParsedDocument(name, text, turns, "txt")


@pytest.fixture
def study(tmp_path: Path) -> Path:
    path = tmp_path / "study.db"
    with Project(path) as p:
        p.add_documents([_doc("P01"), _doc("P02", TEXT.replace("Sari", "Dewi"))])
        p.upsert_codes([CodeDef("outcomes/sales"), CodeDef("outcomes/pride")])
        for quote, code in [
            ("I was happy.", "pride"),
            ("They asked me to teach them.", "pride"),
            ("It went well.", "sales"),
        ]:
            start = TEXT.index(quote)
            p.add_coding("P01", code, start, start + len(quote), coder="ana")
    return path


def _check(path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-p", str(path), "check", *args], catch_exceptions=False)
    return result.exit_code, result.output


def _raw(path: Path) -> sqlite3.Connection:
    """A plain connection with foreign keys off: how outside tools (or bugs) damage a file."""
    return sqlite3.connect(str(path), isolation_level=None)


def _coding_id(path: Path, quote: str) -> int:
    return _raw(path).execute("SELECT id FROM codings WHERE text = ?", [quote]).fetchone()[0]


def test_a_sound_project_passes(study: Path) -> None:
    code, out = _check(study)
    assert code == 0 and "no problems found" in out


def test_shifted_coding_is_reported_then_reanchored(study: Path) -> None:
    cid = _coding_id(study, "I was happy.")
    _raw(study).execute(
        'UPDATE codings SET start = start + 3, "end" = "end" + 3 WHERE id = ?', [cid]
    )
    code, out = _check(study)
    assert code == 1 and f"codings {cid}: quote-mismatch" in out and "1 remain" in out
    code, out = _check(study, "--repair")
    assert code == 0 and "re-anchored" in out and "exact match" in out
    with Project(study) as p:
        coding = p.coding(cid)
        assert TEXT[coding.start : coding.end] == coding.text == "I was happy."
    assert _check(study)[0] == 0


def test_unplaceable_and_out_of_range_codings_move_aside_not_away(study: Path) -> None:
    lost = _coding_id(study, "They asked me to teach them.")
    wild = _coding_id(study, "It went well.")
    db = _raw(study)
    db.execute(
        "UPDATE codings SET text = 'words nobody ever said in this interview' WHERE id = ?", [lost]
    )
    db.execute('UPDATE codings SET start = 5000, "end" = 5010 WHERE id = ?', [wild])
    code, out = _check(study, "--format", "json")
    found = {p["where"]: p["kind"] for p in json.loads(out)["problems"]}
    assert code == 1 and found == {
        f"codings {lost}": "quote-mismatch",
        f"codings {wild}": "out-of-range",
    }
    code, out = _check(study, "--repair")
    assert code == 0, out
    with Project(study) as p:
        assert len(p.codings()) == 2  # the shifted one came back to 'It went well.'
        unplaced = p.unplaced_codings()
        assert [(u["text"], u["coder"], u["code_path"]) for u in unplaced] == [
            ("words nobody ever said in this interview", "ana", "outcomes/pride")
        ]
        assert unplaced[0]["reason"].startswith("check: quote not placed")


def test_orphans_and_duplicates_and_index_are_repaired(study: Path) -> None:
    db = _raw(study)
    db.execute(
        'INSERT INTO codings (doc_id, code_id, coder, start, "end", text, created_at) '
        "VALUES (99, 1, 'bob', 0, 3, 'How', 'now')"
    )
    db.execute(
        'INSERT INTO segments (doc_id, kind, idx, start, "end") '
        'SELECT doc_id, kind, idx + 1000, start, "end" FROM segments WHERE doc_id = 1 LIMIT 2'
    )
    db.execute(
        "INSERT INTO segments (doc_id, kind, idx, start, \"end\") VALUES (77, 'turn', 0, 0, 1)"
    )
    with Project(study) as p:
        assert p.ensure_search_index() == 2
    db.execute(
        "INSERT INTO sentences_fts (text, doc_id, start, \"end\") VALUES ('ghost', 55, 0, 5)"
    )
    code, out = _check(study, "--format", "json")
    kinds = sorted(p["kind"] for p in json.loads(out)["problems"])
    assert code == 1 and kinds == ["duplicate-segment"] * 2 + ["orphan"] * 2 + ["search-index"]
    code, out = _check(study, "--repair")
    assert code == 0, out
    with Project(study) as p:
        assert [u["doc_name"] for u in p.unplaced_codings()] == ["(missing document 99)"]
        idx = [s.index for s in p.segments(1, "turn")]
        assert idx == list(range(4))
        assert [h.text for h in p.search_sentences("ghost", fuzzy=False)] == []
        assert p.search_sentences("neighbours", fuzzy=False)
    assert _check(study)[0] == 0


def test_edited_text_hash_and_unrepairable_orphans(study: Path) -> None:
    db = _raw(study)
    db.execute("UPDATE documents SET text = text || ' (end)' WHERE id = 2")
    db.execute(
        'INSERT INTO memos (target_kind, doc_id, start, "end", coder, text, created_at) '
        "VALUES ('span', 42, 0, 3, 'ana', 'my precious memo', 'now')"
    )
    code, out = _check(study, "--repair")
    assert code == 1 and "recorded the hash" in out and "1 remain" in out
    assert "memos" in out and _raw(study).execute("SELECT count(*) FROM memos").fetchone()[0] == 1


def test_repair_writes_an_owner_only_backup_first(study: Path) -> None:
    cid = _coding_id(study, "I was happy.")
    start = TEXT.index("I was happy.")
    _raw(study).execute('UPDATE codings SET start = 0, "end" = 12 WHERE id = ?', [cid])
    code, out = _check(study, "--repair", "--format", "json")
    report = json.loads(out)
    backup = Path(report["backup"])
    assert code == 0 and backup.parent == study.parent and "pre-repair" in backup.name
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    old = _raw(backup).execute("SELECT start FROM codings WHERE id = ?", [cid]).fetchone()[0]
    assert old == 0  # the copy holds the state before the repair
    with Project(study) as p:
        assert p.coding(cid).start == start


def test_fuzzy_only_match_is_not_trusted(study: Path) -> None:
    cid = _coding_id(study, "I was happy.")
    _raw(study).execute("UPDATE codings SET text = 'I was happy!' WHERE id = ?", [cid])
    code, out = _check(study, "--repair")
    assert code == 0 and "matches approximately" in out
    with Project(study) as p:
        assert [u["text"] for u in p.unplaced_codings()] == ["I was happy!"]


def test_damaged_file_is_reported_and_left_alone(study: Path) -> None:
    db = _raw(study)
    root, page_size = db.execute(
        "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master "
        "WHERE name = 'codings_doc'"
    ).fetchone()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with study.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\x0d" + b"\xff" * 40)
    before = study.read_bytes()
    code, out = _check(study, "--repair")
    assert code == 1 and "integrity" in out and "restore a backup" in out
    assert study.read_bytes() == before
