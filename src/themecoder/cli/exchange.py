"""`merge`, `export qdpx` and the `.qdpx` path of `import`: exchange with coders and other tools.

A merge source is another project file (read only), a codings `.jsonl`/`.csv` export or a
REFI-QDA `.qdpx` (or `.qde` beside its sources). The source is read and checked before the
project is opened, so a bad source changes nothing.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from themecoder.cli.common import Context, emit_json
from themecoder.core.errors import InputError, ThemecoderError

SQLITE_MAGIC = b"SQLite format 3\x00"
ROW_SUFFIXES = (".jsonl", ".csv", ".xlsx")


@click.command("merge")
@click.argument("source", type=click.Path())
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("--map", "maps", multiple=True, metavar="OLD=NEW",
              help="Send the source's code OLD to the project's code NEW (repeatable).")
@click.option("--coder-prefix", default="", help="Put this before every coder name from the source.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def merge_command(ctx: Context, source: str, dry_run: bool, maps: tuple[str, ...], coder_prefix: str,
                  fmt: str) -> None:
    """Merge another project, a codings .jsonl export or a .qdpx into this project.

    Documents match by the hash of their text, codes by path (near-duplicate names are reported
    with a suggested --map). Merging the same source twice changes nothing.
    """
    from themecoder.core.code_matching import parse_code_map

    code_map = parse_code_map(maps)
    path = Path(source)
    _refuse_self(path, Path(ctx.project_path))
    loaded = load_source(path)
    options = {"source_label": path.name, "dry_run": dry_run, "code_map": code_map,
               "coder": ctx.coder, "coder_prefix": coder_prefix}
    with _target(ctx, dry_run) as project:
        if isinstance(loaded, list):
            report = project.merge_coding_rows(loaded, **options)
        else:
            report = project.merge_bundle(loaded, **options)
    if fmt == "json":
        emit_json(report.as_dict())
        return
    head = "dry run, nothing written:" if dry_run else "merged"
    click.echo(f"{head} {path.name} into {ctx.project_path}")
    for line in report.summary_lines():
        click.echo(line)


@contextlib.contextmanager
def _target(ctx: Context, dry_run: bool) -> Iterator[Any]:
    """The project to merge into; a dry run into a project not made yet uses a throwaway one."""
    if not dry_run or Path(ctx.project_path).exists():
        with ctx.open(create=True) as project:
            yield project
        return
    from themecoder.store import Project

    with tempfile.TemporaryDirectory() as folder, Project(Path(folder) / "dry-run.db") as project:
        yield project


def _refuse_self(source: Path, project: Path) -> None:
    if source.exists() and project.exists() and source.resolve() == project.resolve():
        raise InputError(f"{source}: is the project itself")


def load_source(path: Path):  # type: ignore[no-untyped-def]
    """The merge source as a bundle (`QdaProject`) or codings rows; InputError if it is neither."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a project file, a codings .jsonl or a .qdpx")
    suffix = path.suffix.lower()
    if suffix == ".qdpx":
        from themecoder.io.refi import read_qdpx

        return read_qdpx(path)
    if suffix == ".qde":
        from themecoder.io.refi import read_qde

        return read_qde(path, path.parent)
    if suffix in ROW_SUFFIXES:
        from themecoder.io.codings_file import read_codings_file

        return read_codings_file(path)
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise InputError(f"{path}: not a themecoder project, a codings .jsonl export or a .qdpx")
    from themecoder.store import Project

    return Project.read_project_bundle(path)


@click.command("qdpx")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The .qdpx file to write.")
@click.option("--coder", "coders", multiple=True,
              help="Only this coder's codings and memos (repeatable) [default: all coders].")
@click.pass_obj
def export_qdpx(ctx: Context, output: str, coders: tuple[str, ...]) -> None:
    """Write the project as a REFI-QDA .qdpx (NVivo, ATLAS.ti, MAXQDA, QualCoder...)."""
    from themecoder.io.refi.gcpause import gc_paused

    out = Path(output)
    if out.suffix.lower() != ".qdpx":
        raise InputError(f"{output}: a REFI-QDA project file must end in .qdpx")
    if not out.parent.is_dir():
        raise InputError(f"{output}: folder {out.parent} does not exist")
    with gc_paused():  # a large study: 100,000s of objects made while it is written
        stream = _write_qdpx_storing_guids(ctx, coders, out, output)
        bundle = stream.bundle
        summary = (f"wrote {output}: {len(bundle.sources)} documents, {len(bundle.codes)} codes, "
                   f"{stream.codings} codings by {len(bundle.users)} coders, "
                   f"{len(bundle.notes)} memos, {len(bundle.cases)} cases")
        del stream, bundle  # freed before the collector is back on, else it goes through all of it
    click.echo(summary)


def _write_qdpx_storing_guids(ctx: Context, coders: tuple[str, ...], out: Path, output: str) -> Any:
    """Write the file, its codings streamed from the project as they are laid out, and store the
    GUIDs derived for objects that had none while the archive is compressed (SQLite runs that
    without holding the GIL, so the two overlap). The file appears when both succeeded; the
    `BundleStream` is returned."""
    from themecoder.io.refi import write_qdpx
    from themecoder.store.exchange_export import store_guids, stream_bundle

    with ctx.open() as project:
        _check_coders(coders, project.coders())
        stream = stream_bundle(project, list(coders) or None)
        try:
            write_qdpx(stream.bundle, out, stream.selections,
                       after_layout=lambda: store_guids(project, stream.updates()))
        except (ValueError, OSError) as err:
            raise ThemecoderError(f"{output}: {err}") from None
    return stream


def _check_coders(coders: tuple[str, ...], known: list[str]) -> None:
    for coder in coders:
        if coder not in known:
            raise InputError(f"--coder {coder}: no codings by this coder (coders: {', '.join(known) or 'none'})")


def import_qdpx_files(ctx: Context, paths: list[Path], *, kind: str | None, lang: str,
                      failed: list[tuple[str, str]]) -> int:
    """`import FILE.qdpx`: merge each file's documents, codes, codings, memos and cases into the
    project, printing a line per document as `import` does. Returns the files imported."""
    from themecoder.io.refi import read_qdpx

    done = 0
    for path in paths:
        try:
            bundle = read_qdpx(path)
        except InputError as exc:
            failed.append((str(path), str(exc)))
            continue
        with ctx.open(create=True) as project:
            report = project.merge_bundle(bundle, source_label=path.name, coder=ctx.coder,
                                          lang=lang, kind=kind, origin=f"import:{path.name}")
        _print_import(path, report)
        done += 1
    return done


def _print_import(path: Path, report) -> None:  # type: ignore[no-untyped-def]
    for name in report.documents_added:
        click.echo(f"imported  {name}  ({path.name})")
    for name in report.documents_matched:
        click.echo(f"skipped   {name}  (identical text already imported)")
    for name in report.documents_changed:
        click.echo(f"changed   {name}  (text differs from the project's; codings re-anchored)")
    for name, reason in report.documents_skipped:
        click.echo(f"skipped   {name}  ({reason})")
    click.echo(f"{path.name}: {len(report.codes_added)} codes added, {report.codings_added} codings "
               f"added ({report.codings_duplicates} already there, {report.codings_reanchored} "
               f"re-anchored, {len(report.unplaced)} unplaced), {report.memos_added} memos, "
               f"{len(report.cases_added)} cases")
    for line in report.summary_lines()[4:]:
        click.echo(line, err=True)


def register(cli: click.Group) -> None:
    """Add `merge`, and `qdpx` to the `export` group (made here when no other module made it).

    Safe to call more than once (the team commands call it too).
    """
    if "merge" not in cli.commands:
        cli.add_command(merge_command)
    group = cli.commands.get("export")
    if group is None:
        group = click.Group("export", help="Export results and exchange files.")
        cli.add_command(group)
    if isinstance(group, click.Group) and "qdpx" not in group.commands:
        group.add_command(export_qdpx)
