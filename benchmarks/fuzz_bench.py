"""Fuzz every reader with damaged copies of valid files: only a one-line InputError may come out.

For each format (txt md docx odt vtt srt csv xlsx yaml qdc qdpx) CASES damaged files are made from
one valid file (byte flips, inserted tokens, cuts, repeats; zip members damaged, dropped, renamed,
repeated) and read. Prints, per reader: cases, InputErrors, accepted, crashes (anything else escaping),
the slowest case, and one saved repro file per distinct crash.

    python benchmarks/fuzz_bench.py [--cases 10000] [--jobs 2] [--only .qdc,.odt] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CHUNK = 250


def run_chunk(ext: str, seed_path: str, seed: int, cases: int, save_dir: str) -> dict[str, object]:
    """Read `cases` damaged files of one format; counts, the slowest case, and crash signatures."""
    from tests.robustness.mutations import mutate, outcome

    warnings.simplefilter("ignore")
    rng, data = random.Random(seed), Path(seed_path).read_bytes()
    counts: Counter[str] = Counter()
    crashes: dict[str, str] = {}
    slowest = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"case{ext}"
        for n in range(cases):
            path.write_bytes(mutate(rng, data, ext))
            started = time.perf_counter()
            try:
                counts[outcome(path)] += 1
            except Exception as err:  # noqa: BLE001 - a crash is what we are looking for
                counts["crash"] += 1
                signature = _signature(err)
                if signature not in crashes:
                    repro = Path(save_dir) / f"crash-{ext[1:]}-{seed}-{n}{ext}"
                    repro.write_bytes(path.read_bytes())
                    crashes[signature] = str(repro)
            slowest = max(slowest, time.perf_counter() - started)
    return {"counts": counts, "crashes": crashes, "slowest": slowest}


def _signature(err: BaseException) -> str:
    frame = traceback.extract_tb(err.__traceback__)[-1]
    where = f"{Path(frame.filename).name}:{frame.lineno}"
    return f"{type(err).__name__} at {where}: {str(err).splitlines()[0][:100] if str(err) else ''}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases per reader")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--only", default="", help="comma-separated extensions, e.g. .qdc,.odt")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--save", default=None, help="folder for crash repros [default: a temp folder]"
    )
    args = parser.parse_args()

    from tests.robustness.mutations import READERS, seed_files

    save_dir = Path(args.save or tempfile.mkdtemp(prefix="themecoder-fuzz-"))
    save_dir.mkdir(parents=True, exist_ok=True)
    seeds = seed_files(save_dir / "seeds")
    exts = [e for e in sorted(READERS) if not args.only or e in args.only.split(",")]
    print(
        f"{'reader':8} {'cases':>7} {'InputError':>10} {'accepted':>9} {'crashes':>8} "
        f"{'slowest':>8} {'seconds':>8}"
    )
    all_crashes: dict[str, str] = {}
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for ext in exts:
            all_crashes.update(_fuzz_reader(pool, ext, seeds[ext], args, save_dir))
    print(f"\n{len(all_crashes)} distinct crashes" + (":" if all_crashes else ""))
    for signature, repro in sorted(all_crashes.items()):
        print(f"  {signature}\n    repro: {repro}")
    print(f"repro files and seeds: {save_dir}")


def _fuzz_reader(
    pool: ProcessPoolExecutor, ext: str, seed_path: Path, args: argparse.Namespace, save_dir: Path
) -> dict[str, str]:
    started = time.perf_counter()
    sizes = [min(CHUNK, args.cases - done) for done in range(0, args.cases, CHUNK)]
    futures = [
        pool.submit(run_chunk, ext, str(seed_path), args.seed * 1_000_003 + i, size, str(save_dir))
        for i, size in enumerate(sizes)
    ]
    counts: Counter[str] = Counter()
    crashes: dict[str, str] = {}
    slowest = 0.0
    for future in futures:
        result = future.result()
        counts.update(result["counts"])  # type: ignore[arg-type]
        for signature, repro in result["crashes"].items():  # type: ignore[attr-defined]
            crashes.setdefault(f"{ext} {signature}", repro)
        slowest = max(slowest, result["slowest"])  # type: ignore[type-var]
    print(
        f"{ext:8} {sum(counts.values()):>7} {counts['input-error']:>10} {counts['accepted']:>9} "
        f"{counts['crash']:>8} {slowest * 1000:>6.0f}ms {time.perf_counter() - started:>8.1f}",
        flush=True,
    )
    return crashes


if __name__ == "__main__":
    main()
