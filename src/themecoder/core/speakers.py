"""Who asks the questions: the speaker labels theme and code suggestions leave out by default.

Suggestions are about what participants said, so the turns of interviewers (and the sentences in
them) are left out. A label is an interviewer's when, compared case-insensitively, trimmed and
with trailing digits and punctuation ignored ("Interviewer 2:", "Q1"), it is one of
`INTERVIEWER_LABELS`; a researcher can name other speakers instead (`--skip-speaker`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# English, then Indonesian, Spanish, French, German and Portuguese; kept short on purpose. Not "I":
# transcripts use it for the interviewer (I/R) and for the interviewee (R/I) alike.
INTERVIEWER_LABELS: tuple[str, ...] = (
    "interviewer", "int", "q", "moderator", "facilitator", "researcher", "question",
    "pewawancara", "peneliti", "fasilitator", "entrevistador", "entrevistadora", "moderador",
    "moderadora", "enquêteur", "enquêteuse", "enqueteur", "intervieweur", "intervieweuse",
    "interviewerin", "moderatorin", "forscher", "forscherin", "frage", "pergunta", "pregunta",
)
DOCUMENT_KINDS_WITHOUT_INTERVIEWER = ("observation", "survey")

_TRAILING_PUNCTUATION = re.compile(r"[\W_]+$")
_TRAILING_DIGITS_AND_PUNCTUATION = re.compile(r"[\W\d_]+$")


def _plain(label: str) -> str:
    """The label lower-cased and trimmed, trailing punctuation dropped ("Sari:" -> "sari")."""
    return _TRAILING_PUNCTUATION.sub("", label.strip().casefold())


def speaker_key(label: str) -> str:
    """The label as it is compared: lower-cased, trimmed, without trailing digits and
    punctuation ("Interviewer 2:" -> "interviewer", "Q1" -> "q")."""
    return _TRAILING_DIGITS_AND_PUNCTUATION.sub("", label.strip().casefold())


def matching_speakers(labels: Iterable[str], names: Iterable[str] = INTERVIEWER_LABELS) -> list[str]:
    """The labels (sorted) that name one of `names`: the same label once lower-cased and trimmed
    ("P07" names only P07), or the same without trailing digits ("Moderator" names
    "Moderator 2")."""
    wanted = {_plain(n) for n in names} - {""}
    return sorted({label for label in labels
                   if label and (_plain(label) in wanted or speaker_key(label) in wanted)})


def left_out_summary(params: Mapping[str, Any]) -> str:
    """One phrase saying which segments a run left out, from its parameters ("" when none):
    "left out 1,234 interviewer turns (Interviewer)"."""
    count = int(params.get("left_out_segments") or 0)
    speakers = params.get("left_out_speakers") or []
    if not count:
        return ""
    unit = str(params.get("unit") or "sentence")
    who = "interviewer" if params.get("skip_speakers") == "interviewers" else "skipped speakers'"
    plural = "" if count == 1 else "s"
    return f"left out {count:,} {who} {unit}{plural} ({', '.join(speakers)})"
