"""REFI-QDA text sources as importable documents (the text-only path of `.qdpx` import).

Codes, codings, memos and cases travel with the bundle (`Project.merge_bundle`); this module
only turns a source's normalised text into a `ParsedDocument`: with the turns the source carries
(stored by the themecoder project it was read from, with their speakers and cue times), else with
the turns the plain-text turn finder sees in it.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from themecoder.core.model import ParsedDocument, Turn
from themecoder.io.decode import check_line_lengths
from themecoder.io.refi.model import QdaSource
from themecoder.io.turns import find_turns, infer_kind

# File extensions that tools keep in a source's name ("P03.docx"); stripped like a file stem.
_FILE_SUFFIXES = frozenset({".txt", ".md", ".docx", ".doc", ".odt", ".rtf", ".pdf", ".vtt", ".srt"})


def source_name(source: QdaSource) -> str:
    """The document name for a source: its name without a file extension, else its GUID."""
    name = (source.name or "").strip() or source.guid
    suffix = PurePosixPath(name).suffix
    if suffix.lower() in _FILE_SUFFIXES and len(name) > len(suffix):
        return name[: -len(suffix)]
    return name


def source_document(source: QdaSource, origin: str, *, kind: str | None = None) -> ParsedDocument | None:
    """A `ParsedDocument` of a text source; None when the source has no text (or only blanks).

    Args:
        source: a source of a bundle read from a `.qdpx` (or exported from a project).
        origin: where the bundle came from (its file name), kept as the document's source path.
        kind: the document kind; default: inferred from the turns.
    """
    if source.text is None or not source.text.strip():
        return None
    check_line_lengths(source.text, f"{origin}: {source_name(source)}")
    warnings = []
    if source.turns is not None and _turns_fit(source.turns, len(source.text)):
        turns = list(source.turns)
    else:
        if source.turns is not None:
            warnings.append("its stored turns do not fit its text: turns found again in the text")
        turns = find_turns(source.text)
    return ParsedDocument(
        name=source_name(source),
        text=source.text,
        turns=turns,
        source_format="qdpx",
        source_path=origin,
        kind=kind or source.kind or infer_kind(turns),
        warnings=warnings,
        meta={"refi_guid": source.guid},
    )


def _turns_fit(turns: list[Turn], length: int) -> bool:
    """Whether turns lie in order within a text of `length` code points."""
    last = 0
    for turn in turns:
        if not last <= turn.start <= turn.end <= length:
            return False
        last = turn.end
    return True


def read_qdpx_documents(path: Path | str) -> list[ParsedDocument]:
    """The text sources of a `.qdpx` as documents (codes and codings are not read here)."""
    from themecoder.io.refi.read import read_qdpx

    path = Path(path)
    bundle = read_qdpx(path)
    found = (source_document(source, str(path)) for source in bundle.sources)
    return [document for document in found if document is not None]
