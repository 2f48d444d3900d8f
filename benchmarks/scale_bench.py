"""A study at full scale: 2,000 transcripts (~2.5M words), 200k codings by 5 coders.

Every step runs in its own process (the real `themecoder` command where there is one) and is timed
with its peak memory (the child's max RSS). Import is compared with spaCy's blank pipeline +
sentencizer on the same texts, measured in the same run. Steps whose feature is not there yet
print "n/a". Targets: import <= 1.5x spaCy; every listing and export < 5 s; TUI home < 1 s.

    python benchmarks/scale_bench.py [--docs 2000] [--words 1250] [--codings 200000] [--dir DIR]
    python benchmarks/scale_bench.py --docs 200 --codings 20000      # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CLI = "from themecoder.cli import main; main()"
LISTING_TARGET_S = 5.0
CODERS = ("ana", "budi", "citra", "dewi", "eko")


@dataclass
class Step:
    name: str
    seconds: float | None = None
    cpu: float | None = None
    peak_mb: float | None = None
    target: str = ""
    ok: bool | None = None
    note: str = ""


def run_process(
    argv: list[str], out: Path | None = None, cwd: Path | None = None
) -> tuple[float, float, float, int, str]:
    """Run a child to completion: (wall s, CPU s, its peak RSS in MB, exit status, stderr tail)."""
    stdout = out.open("wb") if out else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, cwd=cwd)
    err = proc.stderr.read() if proc.stderr else b""  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if out:
        stdout.close()  # type: ignore[union-attr]
    cpu = usage.ru_utime + usage.ru_stime
    return (
        wall,
        cpu,
        usage.ru_maxrss / 1024,
        proc.returncode,
        err.decode("utf-8", "replace").strip()[-300:],
    )


class Bench:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = folder / "study.db"
        self.steps: list[Step] = []

    def cli(
        self, name: str, *args: str, target: float | None = LISTING_TARGET_S, stdout: bool = False
    ) -> Step:
        out = self.folder / f"out-{len(self.steps)}.txt" if stdout else None
        return self._record(
            name, [sys.executable, "-c", CLI, "-p", str(self.db), *args], target, out
        )

    def python(self, name: str, step: str, target: float | None = None) -> Step:
        return self._record(
            name,
            [sys.executable, __file__, "--step", step, "--dir", str(self.folder)],
            target,
            None,
        )

    def _record(self, name: str, argv: list[str], target: float | None, out: Path | None) -> Step:
        wall, cpu, peak, code, err = run_process(argv, out, cwd=self.folder)
        step = Step(name, wall, cpu, peak, f"< {target:g} s" if target else "")
        if code != 0:
            missing = "No such command" in err or "n/a:" in err
            step.seconds, step.note = (
                (None, "n/a") if missing else (wall, f"failed: {err.splitlines()[-1:]}")
            )
        elif target:
            step.ok = wall < target
        self.steps.append(step)
        print(f"  {_row(step)}", flush=True)
        return step


def _row(step: Step) -> str:
    seconds = f"{step.seconds:8.2f}" if step.seconds is not None else "     n/a"
    cpu = f"{step.cpu:7.2f}" if step.cpu is not None and step.seconds is not None else "      -"
    peak = (
        f"{step.peak_mb:7.0f}"
        if step.peak_mb is not None and step.seconds is not None
        else "      -"
    )
    verdict = "" if step.ok is None else ("ok" if step.ok else "MISSED")
    return f"{step.name:38} {seconds} {cpu} {peak}  {step.target:10} {verdict:6} {step.note}"


# --- generating the study ----------------------------------------------------------------------


def generate(folder: Path, docs: int, words: int) -> int:
    """Transcripts T0001... (the first one long, ~50k words, for the TUI), returns total words."""
    from tests.robustness.studygen import transcript

    rng = random.Random(2024)
    target = folder / "transcripts"
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(1, docs + 1):
        text = transcript(rng, 50_000 if i == 1 else words)
        (target / f"T{i:04d}.txt").write_text(text, encoding="utf-8")
        total += len(text.split())
    return total


def write_codings(folder: Path, n: int) -> int:
    """~n codings by 5 coders who mostly agree: shared sentence spans, the code and ends sometimes differ."""
    from tests.robustness.studygen import CODES

    db = sqlite3.connect(folder / "study.db")
    texts = dict(db.execute("SELECT id, text FROM documents"))
    names = dict(db.execute("SELECT id, name FROM documents"))
    sentences = db.execute(
        "SELECT doc_id, start, \"end\" FROM segments WHERE kind = 'sentence'"
    ).fetchall()
    rng, count = random.Random(5), 0
    with (folder / "codings.jsonl").open("w", encoding="utf-8") as fh:
        while count < n:
            doc, start, end = rng.choice(sentences)
            base = rng.choice(CODES)
            for coder in CODERS:
                if rng.random() < 0.2 or count >= n:
                    continue
                code = base if rng.random() < 0.85 else rng.choice(CODES)
                s, e = (
                    (start, end)
                    if rng.random() < 0.8
                    else (start, max(start + 1, end - rng.randint(1, 12)))
                )
                fh.write(
                    json.dumps(
                        {
                            "doc": names[doc],
                            "code": code,
                            "coder": coder,
                            "start": s,
                            "end": e,
                            "text": texts[doc][s:e],
                        }
                    )
                    + "\n"
                )
                count += 1
    return count


# --- steps run in their own process (python benchmarks/scale_bench.py --step NAME) ---------------


def step_spacy(folder: Path) -> None:
    """The baseline: spaCy's blank English pipeline + sentencizer over the same files."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000
    texts = [p.read_text(encoding="utf-8") for p in sorted((folder / "transcripts").glob("*.txt"))]
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=64))
    print(sentences)


def step_tui(folder: Path) -> None:
    """Open the TUI headless on the study: time to the filled home screen, then to the long transcript."""
    import asyncio

    try:
        from themecoder.tui.app import ThemecoderApp
        from themecoder.tui.config import TuiConfig
    except ImportError as err:
        sys.exit(f"n/a: {err}")
    asyncio.run(_tui(ThemecoderApp, TuiConfig, folder))


async def _tui(app_class, config_class, folder: Path) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    started = time.perf_counter()
    app = app_class(folder / "study.db", "ana", config=config_class())
    async with app.run_test(size=(120, 40)) as pilot:
        n_docs = (
            sqlite3.connect(folder / "study.db")
            .execute("SELECT count(*) FROM documents")
            .fetchone()[0]
        )
        # filled: the home's document table (#documents) holds a row for every document
        while (
            not app.screen.query("#documents")
            or app.screen.query_one("#documents").row_count < n_docs
        ):
            await asyncio.sleep(0.002)
        await pilot.pause()
        home = time.perf_counter() - started
        opened = time.perf_counter()
        await pilot.press("enter")
        while getattr(getattr(app.screen, "view", None), "text_layout", None) is None:
            await asyncio.sleep(0.002)
        await pilot.pause()
        transcript = time.perf_counter() - opened
    (folder / "tui.json").write_text(json.dumps({"home_s": home, "transcript_s": transcript}))


STEPS = {"spacy": step_spacy, "tui": step_tui}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument(
        "--words", type=int, default=1250, help="words per transcript (one is ~50k)"
    )
    parser.add_argument("--codings", type=int, default=200_000)
    parser.add_argument("--dir", default=None, help="work folder [default: a temporary folder]")
    parser.add_argument("--step", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        STEPS[args.step](Path(args.dir))
        return
    folder = Path(args.dir or tempfile.mkdtemp(prefix="themecoder-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    run_all(Bench(folder), args)


def run_all(bench: Bench, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    words = generate(bench.folder, args.docs, args.words)
    print(
        f"study: {args.docs} transcripts, {words:,} words in {bench.folder} "
        f"(generated in {time.perf_counter() - started:.0f} s)\n"
    )
    print(f"  {'step':38} {'seconds':>8} {'CPU s':>7} {'peak MB':>7}  {'target':10} {'':6}")
    baseline = bench.python("spaCy blank + sentencizer (baseline)", "spacy")
    imported = bench.cli(
        "import transcripts", "import", "transcripts", "--case-pattern", r"^(T\d{3})", target=None
    )
    ratio = (imported.seconds or 0) / (baseline.seconds or 1)
    cpu_ratio = (imported.cpu or 0) / (baseline.cpu or 1)
    imported.target, imported.ok = "<= 1.5x", ratio <= 1.5
    imported.note = f"{ratio:.2f}x spaCy (CPU {cpu_ratio:.2f}x)"
    print(f"  {'':38} import / spaCy = {ratio:.2f} (wall), {cpu_ratio:.2f} (CPU)")
    n = write_codings(bench.folder, args.codings)
    bench.cli(f"codings import ({n:,} rows)", "codings", "import", "codings.jsonl", target=None)
    run_reads(bench)
    _summary(bench)


def run_reads(bench: Bench) -> None:
    bench.cli("docs (json)", "docs", "--format", "json", "-o", "docs.json")
    bench.cli("codings (json)", "codings", "--format", "json", "-o", "codings.json")
    bench.cli(
        "codings --coder ana (jsonl)",
        "codings",
        "--coder",
        "ana",
        "--format",
        "jsonl",
        "-o",
        "ana.jsonl",
    )
    bench.cli("codebook list (json)", "codebook", "list", "--format", "json", "-o", "codebook.json")
    bench.cli(
        "export frequencies by document (csv)",
        "export",
        "frequencies",
        "--format",
        "csv",
        "-o",
        "f.csv",
    )
    bench.cli(
        "export frequencies by case (xlsx)",
        "export",
        "frequencies",
        "--by",
        "case",
        "--format",
        "xlsx",
        "-o",
        "f.xlsx",
    )
    bench.cli(
        "export cooccurrence sentence (csv)",
        "export",
        "cooccurrence",
        "--format",
        "csv",
        "-o",
        "c.csv",
    )
    for unit in ("char", "sentence", "turn", "document"):
        bench.cli(
            f"agree --unit {unit} (5 coders)",
            "agree",
            "--unit",
            unit,
            "--format",
            "json",
            "-o",
            f"agree-{unit}.json",
        )
    for fmt in ("csv", "jsonl", "xlsx"):
        bench.cli(
            f"export codings ({fmt})",
            "export",
            "codings",
            "--format",
            fmt,
            "-o",
            f"codings-export.{fmt}",
        )
    bench.cli("export qdpx", "export", "qdpx", "-o", "study.qdpx")
    bench.cli("codebook export (qdc)", "codebook", "export", "-o", "codebook.qdc")
    n_turns = _uncoded_turns(bench.db)
    bench.cli(
        f"suggest themes ({n_turns:,} turns, k=20)",
        "suggest",
        "themes",
        "--unit",
        "turn",
        "--scope",
        "uncoded",
        "--k",
        "20",
        "--seed",
        "1",
        "--all-speakers",  # every uncoded turn, the interviewer's too: about 50k segments
        "--format",
        "json",
        "-o",
        "themes.json",
        target=None,
    )
    tui = bench.python("TUI: open (home, then long transcript)", "tui", target=None)
    _tui_rows(bench, tui)
    bench.cli("check", "check", target=None)
    bench.cli("backup", "backup", "-o", "backup.db", "--force", target=None)


def _uncoded_turns(db: Path) -> int:
    """Turns no coding overlaps: about 50k in the full study, the scope for theme suggestions
    with `--all-speakers` (by default the interviewer's, about half, are left out)."""
    return (
        sqlite3.connect(db)
        .execute(
            "SELECT count(*) FROM segments s WHERE s.kind = 'turn' AND NOT EXISTS (SELECT 1 FROM "
            'codings g WHERE g.doc_id = s.doc_id AND g.start < s."end" AND g."end" > s.start)'
        )
        .fetchone()[0]
    )


def _tui_rows(bench: Bench, tui: Step) -> None:
    figures = bench.folder / "tui.json"
    if tui.note or not figures.exists():
        return
    data = json.loads(figures.read_text())
    for name, key, target in [
        ("  TUI home filled", "home_s", 1.0),
        ("  TUI long transcript shown", "transcript_s", None),
    ]:
        step = Step(
            name,
            data[key],
            None,
            None,
            f"< {target:g} s" if target else "",
            data[key] < target if target else None,
        )
        bench.steps.append(step)
        print(f"  {_row(step)}")


def _summary(bench: Bench) -> None:
    missed = [s.name for s in bench.steps if s.ok is False]
    print("\nall targets met" if not missed else f"\nmissed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
