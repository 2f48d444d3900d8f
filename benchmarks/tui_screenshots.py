"""Regenerate the README's screenshots (docs/screenshots/*.svg) from the sample study, headless at 120x40.

python benchmarks/tui_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

SIZE = (120, 40)
Steps = Callable[..., Awaitable[None]]


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def home(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)


async def coding(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("pagedown", "pagedown", *["j"] * 4, "shift+down", "shift+right")


async def picker(pilot) -> None:  # type: ignore[no-untyped-def]
    await coding(pilot)
    await pilot.press("c", *"trust")


async def browser(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("tab", "down", "down", "down", "down", "enter")
    await settle(pilot)


async def search(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("ctrl+f", *"instagram", "enter")
    await settle(pilot)


async def keys(pilot) -> None:  # type: ignore[no-untyped-def]
    await coding(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


SHOTS: dict[str, Steps] = {
    "home": home,
    "coding": coding,
    "picker": picker,
    "browser": browser,
    "search": search,
    "keys": keys,
}


async def shoot(project: Path, name: str, steps: Steps, out: Path) -> None:
    from themecoder.tui.app import ThemecoderApp
    from themecoder.tui.config import TuiConfig

    app = ThemecoderApp(project, "ana", config=TuiConfig())
    async with app.run_test(size=SIZE) as pilot:
        await steps(pilot)
        app.save_screenshot(str(out / f"{name}.svg"))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["THEMECODER_HOME"] = tmp  # no user config in the pictures
        from themecoder.sample import build_demo

        project = build_demo(Path(tmp) / "demo")
        for name, steps in SHOTS.items():
            # Each shot on a fresh copy, so keys pressed for one picture do not change the next.
            copy = Path(tmp) / f"{name}.db"
            copy.write_bytes(project.read_bytes())
            asyncio.run(shoot(copy, name, steps, args.out))
            print(args.out / f"{name}.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
