"""What every command shares: the project and coder, output formats, error reporting."""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from themecoder.core.errors import InputError, ThemecoderError

FORMATS = ("table", "csv", "json", "jsonl")


@dataclass
class Context:
    project_path: str
    coder: str

    def open(self, *, create: bool = False):  # type: ignore[no-untyped-def]
        """Open the project; commands that only read refuse to create one."""
        from themecoder.store import Project

        path = Path(self.project_path)
        if not create and not path.exists():
            raise InputError(f"{path}: no such project file (import something first, or use -p)")
        return Project(path, create=create)


def default_project() -> str:
    return os.environ.get("THEMECODER_PROJECT") or "themecoder.db"


def default_coder() -> str:
    env = os.environ.get("THEMECODER_CODER")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"


class ThemecoderGroup(click.Group):
    """A click group that turns known errors into one-line messages with the contract's exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ThemecoderError as exc:
            click.echo(f"themecoder: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except sqlite3.DatabaseError as exc:
            click.echo(f"themecoder: error: {ctx.obj.project_path if ctx.obj else 'project'}: {exc}",
                       err=True)
            ctx.exit(1)


class LazyChoice(click.Choice):  # type: ignore[type-arg]
    """A `click.Choice` whose choices are read (from a module that loads numpy, scikit-learn or the
    store) only when its command runs or shows its help, so starting any other command loads none."""

    def __init__(self, load: Callable[[], Iterable[str]], case_sensitive: bool = True) -> None:
        self._load = load
        self._choices: tuple[str, ...] | None = None
        self.case_sensitive = case_sensitive

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        if self._choices is None:
            self._choices = tuple(self._load())
        return self._choices


def coder_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--coder` on a writing command, defaulting to the global one."""
    return click.option("--coder", "coder", default=None,
                        help="Coder name for this write [default: the global --coder].")(func)


def format_option(choices: Sequence[str] = FORMATS, default: str | None = None) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default,
                        help="Output format [default: table on a terminal, else json].")


def output_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("-o", "--output", "output", default=None,
                        help="Write to this file instead of stdout.")(func)


def pick_format(fmt: str | None) -> str:
    return fmt or ("table" if sys.stdout.isatty() else "json")


def emit_rows(rows: list[dict[str, Any]], fmt: str | None, output: str | None = None,
              columns: Sequence[str] | None = None, title: str | None = None) -> None:
    """Print rows as a rich table, CSV, one JSON document, or JSON lines."""
    fmt = pick_format(fmt)
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "table":
        _print_table(rows, columns, title, output)
        return
    from themecoder.io.json_rows import json_array_pieces, jsonl_pieces

    if fmt == "json":  # exactly json.dumps(rows, ensure_ascii=False, indent=2), made faster
        text = "".join(json_array_pieces(rows))
    elif fmt == "jsonl":
        text = "".join(jsonl_pieces(rows))
    else:
        text = rows_to_csv(rows, columns)
    write_text(text, output)


def emit_records(records: Sequence[Sequence[Any]], columns: Sequence[str], fmt: str | None,
                 output: str | None = None, title: str | None = None) -> None:
    """`emit_rows` for rows given as tuples in `columns` order (JSON made without a dict per row)."""
    fmt = pick_format(fmt)
    if fmt in ("json", "jsonl"):
        from themecoder.io.json_rows import record_pieces

        write_text("".join(record_pieces(columns, records, lines=fmt == "jsonl")), output)
        return
    if fmt == "csv":
        from themecoder.io.csv_rows import record_csv_pieces

        write_text("".join(record_csv_pieces(columns, records, _cell)), output)
        return
    emit_rows([dict(zip(columns, record, strict=True)) for record in records], fmt, output, columns, title)


def emit_json(document: Any, output: str | None = None) -> None:
    write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", output)


def rows_to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else "; ".join(map(str, value))
    return value


def write_text(text: str, output: str | None) -> None:
    if output and output != "-":
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _print_table(rows: list[dict[str, Any]], columns: Sequence[str], title: str | None,
                 output: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    cells = [[_table_cell(row.get(col)) for col in columns] for row in rows]
    for i, col in enumerate(columns):
        widest = max([len(str(col))] + [len(r[i]) for r in cells])
        table.add_column(str(col), overflow="fold", no_wrap=widest <= 24)
    for row_cells in cells:
        table.add_row(*row_cells)
    if output and output != "-":
        with open(output, "w", encoding="utf-8") as fh:
            Console(file=fh, width=160).print(table)
    else:
        console = Console()
        if not console.is_terminal:
            console = Console(width=160)
        console.print(table)


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"


def parse_key_values(pairs: Iterable[str], option: str) -> dict[str, str]:
    """`KEY=VALUE` strings to a dict; a missing `=` is a usage error naming the option."""
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise InputError(f"{option} {pair}: expected KEY=VALUE")
        key, value = pair.split("=", 1)
        out[key.strip()] = value.strip()
    return out
