"""An interview with an Interviewer, Sari and an unlabelled line, plus an observation whose only
speaker is labelled Interviewer: for the speaker filter of suggestions."""

from __future__ import annotations

from pathlib import Path

from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.store import Project

SPOKEN = [
    ("Interviewer", "How did you start selling online? Tell me about the first month."),
    ("Sari", "I sell batik on Shopee now. Orders come from Jakarta every week."),
    ("Interviewer 2", "And the photos?"),
    ("Sari", "My nephew takes the photos in the garden. The light is better there."),
    (None, "The recording stopped here for a moment."),
    ("Interviewer", "Thank you very much."),
]
OBSERVED = "Interviewer: The hall was full. People waited outside for the signal."


def interview_document() -> ParsedDocument:
    """The interview as `Speaker: text` lines; each turn spans the spoken text only."""
    text, turns = "", []
    for speaker, said in SPOKEN:
        prefix = f"{speaker}: " if speaker else ""
        start = len(text) + len(prefix)
        text += prefix + said + "\n"
        turns.append(Turn(start, start + len(said), speaker))
    return ParsedDocument("sari-interview", text, turns, "txt", kind="interview")


def observation_document() -> ParsedDocument:
    start = len("Interviewer: ")
    return ParsedDocument("hall-notes", OBSERVED, [Turn(start, len(OBSERVED), "Interviewer")], "txt",
                          kind="observation")


def build_interview_project(path: Path) -> Path:
    with Project(path) as project:
        project.add_documents([interview_document()])
        project.add_documents([observation_document()])
    return path


def add_two_codes(project: Project) -> None:
    """Two codes with five examples each, and one coding of each by ana."""
    project.upsert_codes([
        CodeDef("selling", "Selling online", examples=[
            "I sell on Shopee.", "Orders come online.", "We sell on Tokopedia.",
            "Buyers order from the city.", "I sell batik online."]),
        CodeDef("photos", "Product photos", examples=[
            "I take photos.", "The light for photos.", "Photos in the garden.",
            "My nephew takes photos.", "A white background for photos."])])
    project.add_coding("sari-interview", "selling", 0, 5, coder="ana")  # the label only
    project.add_coding("hall-notes", "photos", 13, 20, coder="ana")
