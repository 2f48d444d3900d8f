"""Coding workbench speed, headless with Pilot at 120x40, on a 60,000-word transcript.

Prints: time to open and show the transcript, repaint time per key (cursor, extend, apply code),
peak RSS, and the same figures for Textual's TextArea loading the same text.
Targets: open < 0.5 s, key < 30 ms, memory < 300 MB.

    python benchmarks/tui_bench.py [--words 60000]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import ClassVar

from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.store import Project

SIZE = (120, 40)
VOCABULARY = [
    "the",
    "training",
    "was",
    "useful",
    "and",
    "I",
    "learned",
    "how",
    "to",
    "sell",
    "online",
    "with",
    "my",
    "phone",
    "every",
    "day",
    "but",
    "the",
    "signal",
    "in",
    "our",
    "village",
    "is",
    "weak",
    "so",
    "I",
    "go",
    "to",
    "my",
    "cousin's",
    "house",
    "where",
    "the",
    "wifi",
    "is",
    "better",
    "and",
    "my",
    "daughter",
    "helps",
    "me",
    "with",
    "the",
    "photos",
    "because",
    "she",
    "knows",
    "Instagram",
    "better",
    "than",
    "I",
    "do",
    "sometimes",
    "customers",
    "ask",
    "for",
    "a",
    "discount",
    "and",
    "I",
    "don't",
    "know",
    "what",
    "to",
    "answer",
    "so",
    "I",
    "ask",
    "the",
    "group",
    "first",
]


def synthetic_transcript(words: int, seed: int = 7) -> tuple[str, list[Turn]]:
    """An interview of about `words` words: alternating speakers, 1-8 sentences per turn."""
    rng = random.Random(seed)
    parts, turns, position, count = [], [], 0, 0
    while count < words:
        speaker = "Interviewer" if len(turns) % 2 == 0 else "Participant"
        sentences = []
        for _ in range(rng.randint(1, 8)):
            n = rng.randint(6, 24)
            sentences.append(" ".join(rng.choice(VOCABULARY) for _ in range(n)).capitalize() + ".")
            count += n
        said, label = " ".join(sentences), f"{speaker}: "
        turns.append(
            Turn(
                position + len(label),
                position + len(label) + len(said),
                speaker,
                time=float(len(turns) * 20),
            )
        )
        parts.append(label + said + "\n\n")
        position += len(label) + len(said) + 2
    return "".join(parts), turns


def build(path: Path, words: int) -> str:
    text, turns = synthetic_transcript(words)
    with Project(path) as project:
        project.add_documents(
            [ParsedDocument("long-interview", text, turns, "txt", kind="interview")]
        )
        project.upsert_codes([CodeDef(f"group-{g}/code-{c}") for g in range(4) for c in range(5)])
        codes = [c.path for c in project.codes() if "/" in c.path]
        sentences = project.segments(1, "sentence")
        rng = random.Random(3)
        rows = [
            {"doc": 1, "code": rng.choice(codes), "start": s.start, "end": s.end, "coder": coder}
            for coder in ("alice", "bob")
            for s in rng.sample(sentences, 150)
        ]
        project.add_codings(rows, coder="alice", source="bench")
    return text


async def bench_workbench(path: Path) -> dict[str, object]:
    from themecoder.tui.app import ThemecoderApp
    from themecoder.tui.config import TuiConfig
    from themecoder.tui.screens.coding import CodingScreen
    from themecoder.tui.widgets.transcript import TranscriptView

    app = ThemecoderApp(path, "alice", config=TuiConfig())
    figures: dict[str, object] = {}
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        clock = RepaintClock(
            TranscriptView, CodingScreen, shown=lambda view: view.text_layout is not None
        )
        figures["open_s"] = await clock.open_s(pilot, "enter")
        figures["open_cpu_s"] = clock.open_cpu_s
        view = app.screen.view
        figures["lines"] = len(view.text_layout or [])
        await pilot.press("pagedown", "pagedown", "pagedown")
        figures["cursor"] = await clock.key_ms(pilot, ["j"] * 40 + ["k"] * 10)
        figures["extend"] = await clock.key_ms(pilot, ["shift+down"] * 15 + ["shift+right"] * 10)
        figures["apply code"] = await clock.key_ms(pilot, ["j", "1", "j", "2"] * 5, only={"1", "2"})
        figures["next turn"] = await clock.key_ms(pilot, ["right_square_bracket"] * 10)
        figures["codings_written"] = len(app.project.codings(coder="alice"))
    return figures


class RepaintClock:
    """Times a key press to the end of the first screen refresh that repainted the measured widget.

    `pilot.press` sleeps in 20 ms steps until the process looks idle, so it cannot time a key by
    itself. This wraps the widget's `render_line` and the screen's compositor refresh: the key's
    time runs from sending it to the end of the refresh that re-rendered the widget's lines, which
    includes Textual's refresh batching (up to 1/60 s), as a user would see it.
    """

    def __init__(self, widget_class: type, screen_class: type, shown=lambda widget: True) -> None:  # type: ignore[no-untyped-def]
        self.rendered = False
        self.done: float | None = None
        self.cpu_done: float | None = None
        self.open_cpu_s = 0.0
        original_line, original_refresh = widget_class.render_line, screen_class._compositor_refresh
        clock = self

        def render_line(widget, y):  # type: ignore[no-untyped-def]
            clock.rendered = clock.rendered or shown(widget)
            return original_line(widget, y)

        def compositor_refresh(screen):  # type: ignore[no-untyped-def]
            original_refresh(screen)
            if clock.rendered and clock.done is None:
                clock.done, clock.cpu_done = time.perf_counter(), time.thread_time()

        widget_class.render_line = render_line
        screen_class._compositor_refresh = compositor_refresh

    async def key_ms(
        self, pilot, keys: list[str], only: set[str] | None = None
    ) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        """Median (wall, main-thread CPU) milliseconds from key to repaint over `keys` (or `only`)."""
        wall, cpu = [], []
        for key in keys:
            self.rendered, self.done = False, None
            start, cpu_start = time.perf_counter(), time.thread_time()
            await pilot.press(key)
            await pilot.pause()
            if (
                (only is None or key in only)
                and self.done is not None
                and self.cpu_done is not None
            ):
                wall.append((self.done - start) * 1000)
                cpu.append((self.cpu_done - cpu_start) * 1000)
        if not wall:
            return float("nan"), float("nan")
        return statistics.median(wall), statistics.median(cpu)

    async def open_s(self, pilot, key: str) -> float:  # type: ignore[no-untyped-def]
        """Seconds from `key` to the first refresh that showed the widget's content."""
        self.rendered, self.done = False, None
        start, cpu_start = time.perf_counter(), time.process_time()
        await pilot.press(key)
        while self.done is None:
            await asyncio.sleep(0.001)
        self.open_cpu_s = time.process_time() - cpu_start
        await pilot.pause()
        return self.done - start


async def bench_textarea(text: str) -> dict[str, object]:
    """The same text in Textual's TextArea (read-only, soft-wrapped), mounted on a key press."""
    from textual.app import App
    from textual.binding import BindingType
    from textual.screen import Screen
    from textual.widgets import TextArea

    class TextAreaApp(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [("enter", "show_text")]

        async def action_show_text(self) -> None:
            area = TextArea(text, read_only=True, soft_wrap=True)
            await self.mount(area)
            area.focus()

    app = TextAreaApp()
    figures: dict[str, object] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock = RepaintClock(TextArea, Screen)
        figures["open_s"] = await clock.open_s(pilot, "enter")
        figures["open_cpu_s"] = clock.open_cpu_s
        await pilot.press("pagedown", "pagedown", "pagedown")
        figures["cursor"] = await clock.key_ms(pilot, ["down"] * 20)
        figures["extend"] = await clock.key_ms(pilot, ["shift+down"] * 10)
    return figures


def _keys(figures: dict[str, object], names: list[str]) -> str:
    return ", ".join(f"{n} {figures[n][0]:.1f} ms ({figures[n][1]:.1f} ms CPU)" for n in names)  # type: ignore[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--words", type=int, default=60_000)
    parser.add_argument("--skip-textarea", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        # Built in a child process, so this process's peak RSS is the workbench's (not spaCy's).
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            text = pool.apply(build, (path, args.words))
        ours = asyncio.run(bench_workbench(path))
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        keys = ["cursor", "extend", "apply code", "next turn"]
        print(
            f"transcript: {args.words:,} words, {len(text):,} characters, {ours['lines']:,} screen lines"
        )
        print(
            f"workbench: open and show {ours['open_s']:.3f} s ({ours['open_cpu_s']:.3f} s CPU); "
            f"key to repaint (median): {_keys(ours, keys)}; peak RSS {rss_mb:.0f} MB"
        )
        worst_key = max(ours[k][0] for k in keys[:3])  # type: ignore[index]
        ok = ours["open_s"] < 0.5 and worst_key < 30 and rss_mb < 300  # type: ignore[operator]
        if not args.skip_textarea:
            theirs = asyncio.run(bench_textarea(text))
            print(
                f"TextArea:  open and show {theirs['open_s']:.3f} s ({theirs['open_cpu_s']:.3f} s CPU); key to repaint (median): "
                f"{_keys(theirs, ['cursor', 'extend'])}"
            )
            ratios = [f"{k} {theirs[k][0] / ours[k][0]:.1f}x" for k in ("cursor", "extend")]  # type: ignore[index]
            print(
                f"TextArea / workbench: open {theirs['open_s'] / ours['open_s']:.1f}x, "  # type: ignore[operator]
                + ", ".join(ratios)
            )
        print(
            "targets (open < 0.5 s, cursor/extend/code < 30 ms, RSS < 300 MB):",
            "met" if ok else "NOT met",
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
