"""`import`, `docs`, `show`, `cases`: getting transcripts in and looking at them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from themecoder.cli.common import (
    Context,
    LazyChoice,
    emit_json,
    emit_rows,
    format_option,
    output_option,
    parse_key_values,
    write_text,
)
from themecoder.core.errors import InputError


def _document_kinds() -> tuple[str, ...]:
    from themecoder.store.documents import KINDS  # loads the store: only when `import` runs

    return KINDS


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--kind", type=LazyChoice(_document_kinds), default=None,
              help="Document kind [default: inferred: speakers => interview/focus-group, none => observation].")
@click.option("--case", default=None, help="Case (participant, site...) the documents belong to.")
@click.option("--case-pattern", default=None,
              help=r"Regex whose first group, found in the file name, names the case (e.g. '^(P\d+)').")
@click.option("--attr", "attrs", multiple=True, help="Case attribute KEY=VALUE (repeatable).")
@click.option("--lang", default="en", show_default=True, help="spaCy language for sentences (en, id, ...).")
@click.option("--text-column", default=None, help="Survey tables: the column holding the answers.")
@click.option("--case-column", default=None, help="Survey tables: the column naming the respondent.")
@click.option("--attr-columns", default=None, help="Survey tables: columns kept as case attributes (A,B).")
@click.option("--group-by-case", is_flag=True, help="Survey tables: one document per case, not per answer.")
@click.option("--jobs", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Worker processes reading files and splitting sentences while this one stores "
                   "them, for imports over 1 MB: 0 = one per CPU, up to 4 (Linux; elsewhere 1); "
                   "1 = read here (best on a busy machine: workers cost about 20% more CPU).")
@click.pass_obj
def import_command(ctx: Context, paths: tuple[str, ...], kind: str | None, case: str | None,
                   case_pattern: str | None, attrs: tuple[str, ...], lang: str, text_column: str | None,
                   case_column: str | None, attr_columns: str | None, group_by_case: bool,
                   jobs: int) -> None:
    """Import transcripts, notes or survey answers (files or folders)."""
    from themecoder.io import iter_import_files

    attributes = parse_key_values(attrs, "--attr")
    pattern = _compile(case_pattern)
    from themecoder.core.segmentation import pipeline

    pipeline(lang)  # refuse an unknown --lang before reading anything
    files, skipped = iter_import_files([Path(p) for p in paths])
    named = {Path(p) for p in paths}
    failed = [(str(p), reason) for p, reason in skipped if p in named]
    ignored = [(str(p), reason) for p, reason in skipped if p not in named]
    qdpx = [path for path in files if path.suffix.lower() == ".qdpx"]  # codes and codings come along
    to_read = []
    for path in (p for p in files if p not in qdpx):
        if path.suffix.lower() in (".csv", ".xlsx") and not text_column and path not in named:
            ignored.append((str(path), "a survey table: import it alone with --text-column"))
        else:
            to_read.append(path)
    parsed = _parsed(to_read, lang, jobs, failed, case, pattern, text_column=text_column,
                     case_column=case_column, attr_columns=_split(attr_columns),
                     group_by_case=group_by_case)
    first = next(parsed, None)  # read up to the first good document before creating anything
    from themecoder.cli.exchange import import_qdpx_files

    merged = import_qdpx_files(ctx, qdpx, kind=kind, lang=lang, failed=failed) if qdpx else 0
    if len(paths) == 1 and len(failed) == 1 and first is None and not merged:
        path, reason = failed[0]
        raise InputError(reason if reason.startswith(path) else f"{path}: {reason}")
    for path, reason in ignored:
        click.echo(f"skipped   {path} ({reason})")
    _store(ctx, itertools.chain([first], parsed) if first else None, kind, attributes, lang, failed)


def _parsed(files: list[Path], lang: str, jobs: int, failed: list[tuple[str, str]],
            case: str | None, pattern: re.Pattern[str] | None, **options: Any) -> Iterator[Any]:
    """The documents of `files` as workers read them; failures are noted in `failed`."""
    from themecoder.io.batch import iter_read

    for result in iter_read(files, lang=lang, workers=jobs, **options):
        if result.error is not None:
            failed.append((str(result.path), result.error))
            continue
        for doc in result.documents:
            doc.case = doc.case or case or _case_from_name(pattern, result.path)
            yield doc


def _store(ctx: Context, parsed: Iterable[Any] | None, kind: str | None,
           attributes: dict[str, str], lang: str, failed: list[tuple[str, str]]) -> None:
    """Store the documents as they are read (one transaction), then report each file."""
    if parsed is not None:
        with ctx.open(create=True) as project:
            results = project.add_documents(parsed, kind=kind, attrs=attributes, lang=lang)
        for res in results:
            click.echo(f"{res.status:9} {res.name}  ({res.detail or res.source})")
            for warning in res.warnings:
                click.echo(f"warning   {warning}", err=True)
    for path, reason in failed:
        click.echo(f"failed    {path}: {reason.removeprefix(path + ': ')}", err=True)
    if failed:
        raise click.exceptions.Exit(2)


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern) if pattern else None
    except re.error as err:
        raise InputError(f"--case-pattern {pattern}: not a valid regular expression ({err})") from err


def _case_from_name(pattern: re.Pattern[str] | None, path: Path) -> str | None:
    match = pattern.search(path.stem) if pattern else None
    if not match:
        return None
    return match.group(1) if match.groups() else match.group(0)


def _split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


@click.command("docs")
@format_option()
@output_option
@click.pass_obj
def docs_command(ctx: Context, fmt: str | None, output: str | None) -> None:
    """List the documents: name, kind, case, words, turns, speakers, codings."""
    with ctx.open() as project:
        emit_rows(project.document_summaries(), fmt, output,
                  ["id", "name", "kind", "case", "words", "turns", "speakers", "codings"], "Documents")


@click.command("show")
@click.argument("doc")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option
@click.pass_obj
def show_command(ctx: Context, doc: str, fmt: str, output: str | None) -> None:
    """Print a document's stored text (or JSON with its turns and sentences)."""
    with ctx.open() as project:
        document = project.document(doc)
        if fmt == "text":
            write_text(document.text + "\n", output)
            return
        turns = project.segments(document.id, "turn")
        sentences = project.segments(document.id, "sentence")
    emit_json({
        "id": document.id, "name": document.name, "kind": document.kind, "case": document.case,
        "text": document.text,
        "turns": [{"start": t.start, "end": t.end, "speaker": t.speaker, "time": t.time} for t in turns],
        "sentences": [{"start": s.start, "end": s.end} for s in sentences],
    }, output)


@click.group("cases")
def cases_group() -> None:
    """Cases (participants, sites) and their attributes."""


@cases_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--key", required=True, help="The column that names the case.")
@click.pass_obj
def cases_import(ctx: Context, file: str, key: str) -> None:
    """Attach the other columns of a CSV/XLSX table to cases as attributes."""
    from themecoder.io.tables import read_table_rows

    rows = read_table_rows(Path(file))
    table = _rows_by_key(rows, key, file)
    with ctx.open(create=True) as project:
        n = project.set_case_attributes(table)
    click.echo(f"attributes set for {n} cases from {file}")


def _rows_by_key(rows: list[dict[str, str]], key: str, file: str) -> dict[str, dict[str, str]]:
    if rows and key not in rows[0]:
        raise InputError(f"{file}: no column '{key}' (columns: {', '.join(rows[0])})")
    out: dict[str, dict[str, str]] = {}
    for n, row in enumerate(rows, 2):
        name = (row.get(key) or "").strip()
        if not name:
            raise InputError(f"{file}:{n}: empty key column '{key}'")
        if name in out:
            raise InputError(f"{file}:{n}: case '{name}' appears twice in column '{key}'")
        out[name] = {k: v for k, v in row.items() if k != key}
    return out


@cases_group.command("list")
@format_option()
@output_option
@click.pass_obj
def cases_list(ctx: Context, fmt: str | None, output: str | None) -> None:
    """List cases with their attributes."""
    with ctx.open() as project:
        rows = project.cases()
    emit_rows(rows, fmt, output, _all_columns(rows), "Cases")


def _all_columns(rows: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def register(cli: click.Group) -> None:
    for command in (import_command, docs_command, show_command, cases_group):
        cli.add_command(command)
