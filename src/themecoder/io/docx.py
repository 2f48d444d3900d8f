"""Word `.docx` transcripts (python-docx opens the package; the body is read in order).

Paragraphs, including those in tables and content controls, are joined by `\\n` in body order.
Inserted tracked changes are kept and deleted ones dropped; text boxes, headers, footers and
comments are left out. A paragraph that opens with a bold `Name:` run is a labelled turn.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from themecoder.core.errors import InputError
from themecoder.core.model import ParsedDocument
from themecoder.io.decode import normalise_fragment, normalise_text
from themecoder.io.files import check_zip_package, error_reason
from themecoder.io.plaintext import document_from_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIPPED_CONTAINERS = frozenset({W + "del", W + "moveFrom", W + "txbxContent", MC + "Fallback"})
_FALSE = frozenset({"0", "false", "off", "none"})
_MAX_BOLD_LABEL = 60

Piece = tuple[str, bool]  # (text of a run, bold)


def read_docx(path: Path) -> list[ParsedDocument]:
    """Read a `.docx` file: one document, one block per non-empty paragraph."""
    import docx  # python-docx; imported here so `import themecoder.io` stays light

    check_zip_package(path, "[Content_Types].xml", "Word document")
    try:
        root = docx.Document(str(path)).element
    except Exception as err:  # noqa: BLE001 - any failure of the library is a bad file
        raise InputError(f"{path}: not a readable Word document ({error_reason(err)})") from None
    body = getattr(root, "body", None)  # a damaged main part may hold another root element
    if body is None:
        raise InputError(f"{path}: not a readable Word document (the main part has no document body)")
    paragraphs = [_runs(paragraph) for paragraph in _paragraphs(body)]
    return [document_from_paragraphs(path, paragraphs, "docx")]


def document_from_paragraphs(
    path: Path, paragraphs: list[list[Piece]], source_format: str
) -> ParsedDocument:
    """Join paragraphs (lists of runs) into one normalised text with a block per paragraph."""
    lines: list[str] = []
    blocks: list[tuple[int, int]] = []
    forced: dict[int, tuple[str, int]] = {}
    offset = 0
    for pieces in paragraphs:
        text = normalise_fragment("".join(piece for piece, _ in pieces))
        label = bold_label(pieces)
        if label is not None:
            forced[len(lines)] = label
        if text.strip():
            stripped = len(text) - len(text.lstrip())
            blocks.append((offset + stripped, offset + len(text.rstrip())))
        lines.extend(text.split("\n"))
        offset += len(text) + 1
    text = normalise_text("\n".join(lines))
    meta = {"paragraphs": len(blocks)}
    return document_from_text(
        path, text, source_format, blocks=blocks, forced_labels=forced, meta=meta
    )


def bold_label(pieces: list[Piece]) -> tuple[str, int] | None:
    """(label, column after its colon) when the paragraph opens with bold `Name:` or `Name`+`:`."""
    column, lead = 0, ""
    for text, bold in pieces:
        if not bold and (lead.strip() or text.strip()):
            break
        lead += text
        column += len(text)
    rest = "".join(text for text, _ in pieces)[column:]
    stripped = lead.rstrip()
    if stripped.endswith(":"):
        label, column = stripped[:-1], len(normalise_fragment(stripped))
    elif stripped and rest.lstrip().startswith(":"):
        label = stripped
        column = len(normalise_fragment(lead + rest[: rest.index(":") + 1]))
    else:
        return None
    label = normalise_fragment(label).strip()
    ok = 0 < len(label) <= _MAX_BOLD_LABEL and "\n" not in label and len(label.split()) <= 6
    return (label, column) if ok and any(ch.isalpha() for ch in label) else None


def _paragraphs(container: object) -> Iterator[object]:
    """`w:p` elements in body order, descending into tables and content controls."""
    for child in container.iterchildren():  # type: ignore[attr-defined]
        if child.tag == W + "p":
            yield child
        elif child.tag == W + "tbl":
            for row in child.iterchildren(W + "tr"):
                for cell in row.iterchildren(W + "tc"):
                    yield from _paragraphs(cell)
        elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent"):
            yield from _paragraphs(child)


def _runs(paragraph: object) -> list[Piece]:
    """The paragraph's runs as (text, bold), tabs and line breaks included."""
    pieces = []
    for run in paragraph.iter(W + "r"):  # type: ignore[attr-defined]
        if _in_skipped_container(run, paragraph):
            continue
        text = "".join(_run_text(run))
        if text:
            pieces.append((text, _is_bold(run)))
    return pieces


def _run_text(run: object) -> Iterator[str]:
    for child in run.iterchildren():  # type: ignore[attr-defined]
        tag = child.tag
        if tag == W + "t":
            yield child.text or ""
        elif tag == W + "tab":
            yield "\t"
        elif tag in (W + "br", W + "cr") and child.get(W + "type") in (None, "textWrapping"):
            yield "\n"
        elif tag == W + "noBreakHyphen":
            yield "-"


def _in_skipped_container(run: object, paragraph: object) -> bool:
    parent = run.getparent()  # type: ignore[attr-defined]
    while parent is not None and parent is not paragraph:
        if parent.tag in _SKIPPED_CONTAINERS:
            return True
        parent = parent.getparent()
    return False


def _is_bold(run: object) -> bool:
    properties = run.find(W + "rPr")  # type: ignore[attr-defined]
    if properties is None:
        return False
    bold = properties.find(W + "b")
    if bold is not None:
        return (bold.get(W + "val") or "true").lower() not in _FALSE
    style = properties.find(W + "rStyle")
    return style is not None and (style.get(W + "val") or "").lower() in ("strong", "bold")
