"""A small real project for the workbench tests (built through Project: no importers needed) and
Pilot helpers that wait for the app's workers."""

from __future__ import annotations

from pathlib import Path

from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.store import Project

SIZE = (120, 40)

TURNS = [
    ("Interviewer", "How was your business before the training? Tell me about it."),
    (
        "Sari",
        (
            "Before, it was all word of mouth. People came to the house. I had WhatsApp only "
            "for family, never for selling."
        ),
    ),
    ("Interviewer", "What changed after the workshop?"),
    (
        "Sari",
        (
            "Now I post almost every day. The photos are better because we learned to use the "
            "window light. Sales grew a lot, and I feel braver."
        ),
    ),
    ("Interviewer", "Was anything difficult?"),
    (
        "Sari",
        (
            "My phone was old and the memory was full. Mas Rahmat helped me delete things. "
            "He was patient with me."
        ),
    ),
]

CODES = [
    CodeDef("barriers", description="What made it hard"),
    CodeDef(
        "barriers/old-device", description="Phone or laptop too old, memory full", color="#e15759"
    ),
    CodeDef("barriers/confidence", description="Afraid, shy, feeling slow"),
    CodeDef("outcomes", description="What changed"),
    CodeDef("outcomes/sales-growth", description="More customers or orders", color="#59a14f"),
    CodeDef("outcomes/online-presence", description="Posting, catalogue, social media"),
    CodeDef("support/peer-help", description="Help from another participant"),
]


def transcript(
    turns: list[tuple[str, str]] = TURNS, title: str = "Interview with Sari."
) -> tuple[str, list[Turn]]:
    """`Name: text` paragraphs with a title line; turns cover the spoken text only."""
    parts, spans, position = [title + "\n\n"], [], len(title) + 2
    for speaker, said in turns:
        label = f"{speaker}: "
        spans.append(
            Turn(
                position + len(label),
                position + len(label) + len(said),
                speaker,
                time=float(len(spans) * 37),
            )
        )
        parts.append(label + said + "\n\n")
        position += len(label) + len(said) + 2
    return "".join(parts), spans


def build_project(path: Path, *, codes: list[CodeDef] = CODES, docs: int = 2) -> Path:
    """A project with `docs` (at most 3) interviews, P01 (Sari), P02 (Budi), P03 (Dewi), and the
    codebook above."""
    text, turns = transcript()
    with Project(path) as project:
        project.add_documents(
            [
                ParsedDocument(
                    f"P0{i + 1}-interview",
                    text.replace("Sari", ("Sari", "Budi", "Dewi")[i]),
                    turns,
                    "txt",
                    case=f"P0{i + 1}",
                    kind="interview",
                )
                for i in range(docs)
            ]
        )
        if codes:
            project.upsert_codes(codes)
    return path


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let workers finish and their messages be handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_first_document(pilot):  # type: ignore[no-untyped-def]
    """From home, open the highlighted document and wait until it is shown; returns the screen."""
    from themecoder.tui.screens.coding import CodingScreen

    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CodingScreen) and screen.data is not None
    return screen


def make_app(path: Path, coder: str = "alice", **config):  # type: ignore[no-untyped-def]
    """The app on `path` with a config (default: none, so the user's real config never leaks in)."""
    from themecoder.tui.app import ThemecoderApp
    from themecoder.tui.config import TuiConfig

    return ThemecoderApp(path, coder, config=TuiConfig(**config))


def stored_codings(path: Path, **filters):  # type: ignore[no-untyped-def]
    """The codings in the project file, read by a fresh connection."""
    with Project(path, create=False) as project:
        return project.codings(**filters)
