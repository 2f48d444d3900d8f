"""Exchange between projects: the REFI-QDA bundle out (`export_bundle`), and merges in.

`QdaProject` (io/refi/model.py) is the one exchange bundle: a `.qdpx` file reads into one, and
another project file is exported to one (read-only) before it is merged. A merge runs in one
transaction after an automatic backup of the project file (removed again when the merge changed
nothing); `dry_run` computes the same report and rolls everything back.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from themecoder.core.errors import InputError
from themecoder.store.merge_report import MergeReport

if TYPE_CHECKING:
    import sqlite_utils

    from themecoder.io.refi.model import QdaProject
    from themecoder.store.project import Project


class _DryRun(Exception):
    """Raised inside a dry run's transaction to roll it back."""


class ExchangeStore:
    db: sqlite_utils.Database
    path: Path

    def export_bundle(self, coders: Sequence[str] | None = None, *, keep_guids: bool = True,
                      turns: bool = False) -> QdaProject:
        """The project as a REFI-QDA bundle (documents, codes, coders, codings, memos, cases).

        Args:
            coders: only these coders' codings and memos (default: everyone's).
            keep_guids: store the GUIDs given to objects that had none, so that the next export
                (and the other tools that read it) see the same ones.
            turns: give each source its document's stored turns (`QdaSource.turns`, which a
                `.qdpx` does not hold), so that a merge keeps their speakers and cue times.
        """
        from themecoder.store.exchange_export import build_bundle, store_guids

        bundle, updates = build_bundle(self, coders, turns=turns)  # type: ignore[arg-type]
        if keep_guids and updates:
            store_guids(self, updates)  # type: ignore[arg-type]
        return bundle

    def merge_bundle(self, bundle: QdaProject, *, source_label: str, dry_run: bool = False,
                     code_map: Mapping[str, str] | None = None, coder: str = "imported",
                     coder_prefix: str = "", lang: str | None = None, kind: str | None = None,
                     backup: bool = True, origin: str = "") -> MergeReport:
        """Merge a bundle (a `.qdpx`, another project) into this project, in one transaction.

        Args:
            bundle: what to merge.
            source_label: names the source in the report, in `codings.source` and in messages.
            dry_run: report what would change and change nothing.
            code_map: {incoming code path: project code path} (`--map OLD=NEW`).
            coder: the coder of codings and memos whose author the source does not name.
            coder_prefix: put before every coder name from the source (keeps two "ana"s apart).
            lang, kind: for documents added (default: the project's usual language; inferred kind).
            backup: copy the project file beside it first.
            origin: the codings' `source` column (default `merge:<source_label>`).
        """
        from themecoder.store.merge_bundle import BundleMerger

        report = MergeReport(source_label, dry_run)
        merger = BundleMerger(self, report, coder=coder, coder_prefix=coder_prefix,  # type: ignore[arg-type]
                              lang=lang, kind=kind, origin=origin)
        self._merge(lambda: merger.run(bundle, code_map or {}), report, coder, backup)
        return report

    def merge_coding_rows(self, rows: Iterable[dict[str, Any]], *, source_label: str,
                          dry_run: bool = False, code_map: Mapping[str, str] | None = None,
                          coder: str = "imported", coder_prefix: str = "",
                          backup: bool = True) -> MergeReport:
        """Merge codings rows (a `codings` `.jsonl` export) into this project's documents.

        Rows name their document by `doc_sha256` (when present) or `doc`; the other arguments are
        `merge_bundle`'s.
        """
        from themecoder.store.merge_rows import RowsMerger

        report = MergeReport(source_label, dry_run)
        merger = RowsMerger(self, report, coder=coder, coder_prefix=coder_prefix)  # type: ignore[arg-type]
        self._merge(lambda: merger.run(rows, code_map or {}), report, coder, backup)
        return report

    def _merge(self, work: Callable[[], None], report: MergeReport, coder: str, backup: bool) -> None:
        from themecoder.store.backup import backup_to, stamped_backup_path

        copy = None
        if backup and not report.dry_run and self.path.exists() and self._has_content():
            copy = backup_to(self.db.conn, _unused(stamped_backup_path(self.path, "pre-merge")))
        try:
            with self.transaction():  # type: ignore[attr-defined]
                work()
                if report.dry_run:
                    raise _DryRun
                if report.changed:
                    self.record(coder, "merge", {"source": report.source,  # type: ignore[attr-defined]
                                                 "summary": report.summary_lines()[:4]})
        except _DryRun:
            pass
        except BaseException:
            _remove(copy)
            raise
        if not report.changed:
            _remove(copy)

    def _has_content(self) -> bool:
        return bool(self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM documents) OR EXISTS (SELECT 1 FROM codes)").fetchone()[0])

    @classmethod
    def open_readonly(cls, path: str | Path) -> Project:
        """Open another project file for reading only (a merge source); InputError if it is none."""
        from themecoder.store.connection import _check_is_sqlite

        path = Path(path)
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        _check_is_sqlite(path)
        db = _connect_readonly(path)
        project = cls.__new__(cls)
        project.path, project.db = path, db
        return project  # type: ignore[return-value]

    @classmethod
    def read_project_bundle(cls, path: str | Path, coders: Sequence[str] | None = None) -> QdaProject:
        """Another project file as a bundle, read without writing to it; its sources carry their
        documents' stored turns (speakers, cue times), which a merge keeps."""
        project = cls.open_readonly(path)
        try:
            return project.export_bundle(coders, keep_guids=False, turns=True)
        except sqlite3.OperationalError as err:  # an older file that lacks what this version reads
            raise InputError(f"{path}: cannot read this project ({err}); open it once with this "
                             "themecoder to upgrade it") from None
        finally:
            project.close()


def _connect_readonly(path: Path) -> sqlite_utils.Database:
    import sqlite_utils

    from themecoder.store.schema import SCHEMA_VERSION

    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as err:
        raise InputError(f"{path}: not a themecoder project ({err})") from None
    if version == 0 or not {"documents", "codings", "codes"} <= tables:
        conn.close()
        raise InputError(f"{path}: not a themecoder project (an SQLite file without its tables)")
    if version > SCHEMA_VERSION:
        conn.close()
        raise InputError(f"{path}: made by a newer themecoder (schema {version}); upgrade to merge it")
    return sqlite_utils.Database(conn)


def _unused(path: Path) -> Path:
    """`path`, or `path` with `-2`, `-3`... before its suffixes when a backup already has that name."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(path.name.replace(".bak", f"-{n}.bak", 1))
    return candidate


def _remove(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()
