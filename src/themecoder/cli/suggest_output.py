"""How `themecoder suggest ...` prints: one JSON document, or rich tables with a hint line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from themecoder.cli.common import emit_json, emit_rows, pick_format, write_text
from themecoder.core.speakers import left_out_summary

if TYPE_CHECKING:
    from themecoder.store.suggestion_model import Accepted, CodeRun, GroupRun, ThemeRun


def emit_themes(run: ThemeRun, fmt: str | None, output: str | None) -> None:
    if pick_format(fmt) == "json":
        emit_json(run.to_dict() | {"left_out": _left_out(run.params)}, output)
        return
    rows = [{"id": t.id, "size": t.size, "label": t.label,
             "nearest code": t.nearest_code[0] if t.nearest_code else "",
             "score": t.nearest_code[1] if t.nearest_code else None,
             "most central excerpt": t.representative.text if t.representative else ""}
            for t in run.themes]
    title = f"Themes: run {run.run_id}, {run.unit}s in scope '{run.scope}', k={run.k}, seed {run.seed}"
    emit_rows(rows, "table", output, title=title)
    if run.k_reason:
        _hint(f"{run.k_reason}", output)
    _left_out_note(run.params, output)
    _hint(f"method: {run.method}. Accept one: themecoder suggest accept --run {run.run_id} "
          f"--theme ID --as-code PATH (or --map-to PATH)", output)


def emit_groups(run: GroupRun, fmt: str | None, output: str | None) -> None:
    if pick_format(fmt) == "json":
        emit_json(run.to_dict(), output)
        return
    rows = [{"id": g.id, "score": g.score, "codes": g.codes,
             "shared sentences": sum(e["shared_segments"] for e in g.evidence),
             "shared documents": max((e["shared_documents"] for e in g.evidence), default=0)}
            for g in run.groups]
    emit_rows(rows, "table", output, ["id", "score", "codes", "shared sentences", "shared documents"],
              title=f"Candidate themes from codes: run {run.run_id}")
    _notes(run.notes)
    _hint(f"Accept one: themecoder suggest accept --run {run.run_id} --group ID [--as-code PARENT]"
          if run.groups else "No candidate groups.", output)


def emit_codes(run: CodeRun, fmt: str | None, output: str | None) -> None:
    _notes(run.notes)
    if pick_format(fmt) == "json":
        emit_json(run.to_dict() | {"left_out": _left_out(run.params)}, output)
        return
    rows = [{"id": s.id, "doc": s.excerpt.doc, "span": f"{s.excerpt.start}-{s.excerpt.end}",
             "code": s.code, "score": s.score, "text": s.excerpt.text} for s in run.suggestions]
    emit_rows(rows, "table", output, ["id", "doc", "span", "code", "score", "text"],
              title=f"Code suggestions: run {run.run_id}")
    _left_out_note(run.params, output)
    _hint(f"Accept: themecoder suggest accept --run {run.run_id} --all | --min-score S | --id ID"
          if run.suggestions else "No suggestions above the threshold.", output)


def emit_accepted(what: str, result: Accepted, fmt: str | None, coder: str) -> None:
    if fmt == "json":
        emit_json(result.to_dict() | {"coder": coder})
        return
    parts = [f"accepted {what} of run {result.run_id}"]
    if result.moved:
        parts.append(f"moved {len(result.moved)} code(s) under {result.code}: "
                     + ", ".join(f"{a} -> {b}" for a, b in result.moved))
    else:
        target = f" with {result.code}" if result.code else ""
        parts.append(f"{result.added} coding(s) by {coder}{target}"
                     + (f" ({result.duplicates} already there)" if result.duplicates else ""))
    if result.codes_created:
        parts.append("created code " + ", ".join(result.codes_created))
    click.echo("; ".join(parts))


def emit_runs(runs: list[dict[str, Any]], fmt: str | None, output: str | None) -> None:
    rows = [{"run": r["id"], "kind": r["kind"], "unit": r["unit"], "scope": r["scope"], "k": r["k"],
             "seed": r["seed"], "method": r["method"], "coder": r["coder"],
             "created": r["created_at"], "k_reason": r["k_reason"], "notes": r["notes"],
             "params": r["params"]} for r in runs]
    columns = ["run", "kind", "unit", "scope", "k", "seed", "method", "coder", "created", "left out"]
    if pick_format(fmt) == "table":
        for row in rows:
            row["left out"] = left_out_summary(row["params"]).removeprefix("left out ")
    emit_rows(rows, fmt, output, None if pick_format(fmt) != "table" else columns,
              title="Suggestion runs")


def _left_out(params: dict[str, Any]) -> dict[str, Any]:
    """The JSON field saying whose segments the run left out."""
    return {"skip_speakers": params.get("skip_speakers"),
            "speakers": params.get("left_out_speakers", []),
            "segments": params.get("left_out_segments", 0)}


def _left_out_note(params: dict[str, Any], output: str | None) -> None:
    summary = left_out_summary(params)
    if summary:
        _hint(f"{summary}; --all-speakers keeps them", output)


def _notes(notes: list[str]) -> None:
    for note in notes:
        click.echo(f"note: {note}", err=True)


def _hint(text: str, output: str | None) -> None:
    if output and output != "-":
        with open(output, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        write_text(text + "\n", None)
