"""OpenDocument `.odt` transcripts (odfpy, which parses the XML with defusedxml).

Paragraphs and headings (`text:p`, `text:h`, also inside lists, sections and tables) are joined
by `\\n`; `text:s` becomes spaces, `text:tab` a tab, `text:line-break` a `\\n`. Notes,
annotations, tracked-change records and drawings are left out. A paragraph that opens with a
bold `Name:` span is a labelled turn, as in `.docx`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from themecoder.core.errors import InputError
from themecoder.core.model import ParsedDocument
from themecoder.io.docx import Piece, document_from_paragraphs
from themecoder.io.files import check_zip_package, error_reason

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_PARAGRAPHS = {(TEXT, "p"), (TEXT, "h")}
_SKIPPED = {
    (TEXT, "note"), (TEXT, "tracked-changes"), (TEXT, "sequence-decls"), (OFFICE, "annotation"),
    (TEXT, "bookmark-ref"), (TEXT, "soft-page-break"), (OFFICE, "forms"),
    (TEXT, "table-of-content"),  # a generated copy of the headings
}  # fmt: skip
_BOLD_WEIGHTS = {"bold", "600", "700", "800", "900"}
_ELEMENT, _TEXT_NODE = 1, 3
_XML_PARTS = ("content.xml", "styles.xml", "meta.xml", "settings.xml")


def read_odt(path: Path) -> list[ParsedDocument]:
    """Read an `.odt` file: one document, one block per non-empty paragraph."""
    from odf.opendocument import load  # imported here so `import themecoder.io` stays light

    check_zip_package(path, "content.xml", "OpenDocument text file")
    _check_xml_parts(path)
    try:
        document = _load_quietly(load, path)
        if getattr(document, "text", None) is None:
            raise InputError(f"{path}: not an OpenDocument text (no text body; a spreadsheet or "
                             "a presentation?)")
        bold_styles = _bold_style_names(document)
        paragraphs = [
            _pieces(paragraph, bold_styles, _is_bold(paragraph, bold_styles))
            for paragraph in _paragraphs(document.text)
        ]
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 - any failure of the library is a bad file
        raise InputError(
            f"{path}: not a readable OpenDocument text ({error_reason(err)})"
        ) from None
    return [document_from_paragraphs(path, paragraphs, "odt")]


def _load_quietly(load: Any, path: Path) -> Any:
    """odfpy's `load`, with what it prints about a part it could not parse turned into an error."""
    import contextlib
    import io

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        document = load(str(path))
    if "FAILED TO PARSE" in printed.getvalue():
        raise InputError(f"{path}: not a readable OpenDocument text (damaged XML inside)")
    return document


def _check_xml_parts(path: Path) -> None:
    """Refuse a damaged XML part: odfpy prints it to stdout and goes on with what it parsed, so a
    truncated `content.xml` would otherwise import part of a transcript without a word."""
    import zipfile

    from defusedxml import DefusedXmlException

    part = "zip archive"
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for part in [name for name in _XML_PARTS if name in names]:
                _check_well_formed(archive.read(part))
    except (SyntaxError, DefusedXmlException, zipfile.BadZipFile, EOFError, ValueError,
            LookupError) as err:  # an XML ParseError is a SyntaxError
        raise InputError(f"{path}: not a readable OpenDocument text (damaged {part}: "
                         f"{error_reason(err)})") from None


def _check_well_formed(data: bytes) -> None:
    """Parse `data` (raising ParseError); a prefix without its namespace declaration
    passes, since odfpy adds the missing declarations itself."""
    from xml.parsers.expat import errors

    from defusedxml.ElementTree import ParseError, fromstring

    try:
        fromstring(data)
    except ParseError as err:
        if err.code != errors.codes[errors.XML_ERROR_UNBOUND_PREFIX]:
            raise


def _paragraphs(element: Any) -> Any:
    for child in element.childNodes:
        if child.nodeType != _ELEMENT or child.qname in _SKIPPED:
            continue
        if child.qname in _PARAGRAPHS:
            yield child
        elif child.qname[0] != DRAW:
            yield from _paragraphs(child)


def _pieces(element: Any, bold_styles: set[str], bold: bool) -> list[Piece]:
    """The text of a paragraph as (text, bold) pieces."""
    pieces: list[Piece] = []
    for child in element.childNodes:
        if child.nodeType == _TEXT_NODE:
            pieces.append((child.data, bold))
        elif child.nodeType != _ELEMENT or child.qname in _SKIPPED or child.qname[0] == DRAW:
            continue
        elif child.qname == (TEXT, "s"):
            pieces.append((" " * int(child.getAttrNS(TEXT, "c") or 1), bold))
        elif child.qname == (TEXT, "tab"):
            pieces.append(("\t", bold))
        elif child.qname == (TEXT, "line-break"):
            pieces.append(("\n", bold))
        else:  # spans, links, fields, ruby: their text, with their own boldness
            pieces.extend(_pieces(child, bold_styles, bold or _is_bold(child, bold_styles)))
    return pieces


def _is_bold(element: Any, bold_styles: set[str]) -> bool:
    return element.getAttrNS(TEXT, "style-name") in bold_styles


def _bold_style_names(document: Any) -> set[str]:
    """Names of styles whose text is bold, directly or through their parent styles."""
    weights: dict[str, str | None] = {}
    parents: dict[str, str | None] = {}
    for container in (document.styles, document.automaticstyles):
        for style in container.childNodes:
            if style.nodeType != _ELEMENT or style.qname != (STYLE, "style"):
                continue
            name = style.getAttrNS(STYLE, "name")
            parents[name] = style.getAttrNS(STYLE, "parent-style-name")
            weights[name] = None
            for props in style.childNodes:
                if props.nodeType == _ELEMENT and props.qname == (STYLE, "text-properties"):
                    weights[name] = props.getAttrNS(FO, "font-weight") or weights[name]
    return {name for name in weights if _resolved_weight(name, weights, parents) in _BOLD_WEIGHTS}


def _resolved_weight(
    name: str | None, weights: dict[str, str | None], parents: dict[str, str | None]
) -> str | None:
    seen: set[str] = set()
    while name and name not in seen:
        seen.add(name)
        if weights.get(name):
            return weights[name]
        name = parents.get(name)
    return None
