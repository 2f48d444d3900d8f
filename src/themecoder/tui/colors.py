"""Colours for codes and speakers, and small display helpers."""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from themecoder.core.model import CodeDef

# Tableau 10 and a few more: distinct on dark and light backgrounds.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#8cd17d",
    "#86bcb6",
    "#f1ce63",
    "#d37295",
    "#a0cbe8",
    "#ffbe7d",
)
SPEAKER_COLORS = ("#7fb3ff", "#ffb86c", "#8be9a8", "#ff92d0", "#f1fa8c", "#bd93f9")


def code_colors(codes: Iterable[CodeDef]) -> dict[str, str]:
    """Each code's colour: its own, else one from the palette by its place in the codebook."""
    codes = list(codes)
    taken = {c.color.lower() for c in codes if c.color}
    free = [color for color in PALETTE if color not in taken] or list(PALETTE)
    colors: dict[str, str] = {}
    for index, code in enumerate(c for c in codes if not c.color):
        colors[code.path] = free[index % len(free)]
    colors.update({c.path: c.color for c in codes if c.color})
    return colors


def color_for(path: str, colors: dict[str, str]) -> str:
    """The colour of a code, stable even for a code that is not (or no longer) in the codebook."""
    return colors.get(path) or PALETTE[zlib.crc32(path.encode()) % len(PALETTE)]


def speaker_color(speaker: str, speakers: list[str]) -> str:
    """A speaker's label colour, by order of first appearance."""
    if speaker not in speakers:
        speakers.append(speaker)
    return SPEAKER_COLORS[speakers.index(speaker) % len(SPEAKER_COLORS)]


def format_time(seconds: float | None) -> str:
    """`83.2` -> `01:23`, `3725` -> `1:02:05`; '' for None."""
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def short(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: max(0, limit - 1)] + "…"
