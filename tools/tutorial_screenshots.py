"""Take the tutorial's pictures of the workbench (docs/screenshots/tutorial-*.svg), headless.

    python tools/tutorial_screenshots.py [--out docs/screenshots]

The project is the one the tutorial builds: its commands run (tools/tutorial_runner.py) up to
the marker `<!-- tutorial: workbench -->`; then the workbench codes two passages of P05-interview
with the keys the tutorial names, and a picture is saved after each step. The tutorial's commands
after the marker then run on the project as the workbench left it. They repeat the same codings
from the command line, and print the existing codings' ids when the workbench made exactly the
same ones, so the run stops with an error when the pictures and the commands disagree.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIZE = (120, 40)
MARKER = "workbench"
CHECKED_UNTIL = "suggestions"  # the commands up to here must match after the workbench's codings


def _runner():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "tutorial_runner", REPO / "tools" / "tutorial_runner.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["tutorial_runner"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def code_in_workbench(project: Path, out: Path) -> None:
    """The tutorial's workbench steps, with a picture after each."""
    from themecoder.tui.app import ThemecoderApp
    from themecoder.tui.config import TuiConfig

    app = ThemecoderApp(project, "ana", config=TuiConfig())
    async with app.run_test(size=SIZE) as pilot:

        async def shot(name: str) -> None:
            await settle(pilot)
            app.save_screenshot(str(out / f"tutorial-{name}.svg"))
            print(out / f"tutorial-{name}.svg")

        await shot("home")
        await pilot.press("down", "enter")  # P05-interview, the second document
        await settle(pilot)
        # Lina's answer about what she learned (turn 10), and its second sentence
        await pilot.press(*["right_square_bracket"] * 9, "shift+down")
        await shot("select")
        await pilot.press("c", *"content")
        await shot("picker")
        await pilot.press("enter")  # behaviour-change/content-creation
        await settle(pilot)
        # her next answer, coded with the key 8: outcomes/customer-reach
        await pilot.press(*["right_square_bracket"] * 2, "8")
        await shot("coded")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    runner = _runner()
    problems = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["THEMECODER_HOME"] = tmp  # no user config in the pictures
        work = Path(tmp) / "work"
        hooks = {MARKER: lambda: asyncio.run(code_in_workbench(work / "study.db", args.out))}
        for outcome in runner.run_tutorial(work, until=CHECKED_UNTIL, hooks=hooks):
            if outcome.problem:
                problems += 1
                print(runner.describe(outcome), file=sys.stderr)
    if problems:
        print(
            f"{problems} tutorial step(s) differ: fix the keys above or the tutorial",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
