"""Safe XML parsing for files from elsewhere (REFI-QDA `.qdc`, `.qde`, `.qdpx`).

Parsing goes through defusedxml with DTDs, entity declarations and external references
forbidden, so a "billion laughs" or XXE file is refused at once, before anything is expanded.
Every failure is an InputError naming the file. Elements are matched on their local names so
that namespace versions (`urn:QDA-XML:codebook:1.0`, `...:0:4`) do not matter.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import (  # type: ignore[import-untyped]
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
)
from defusedxml import ElementTree as SafeElementTree

from themecoder.core.errors import InputError


def parse_xml_bytes(data: bytes, source: str) -> Element:
    """Parse XML `data` and return its root element; `source` names the file in errors.

    Raises InputError for malformed XML (with the line), a DOCTYPE, an entity declaration or an
    external reference.
    """
    try:
        root: Element = SafeElementTree.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DTDForbidden:
        raise InputError(f"{source}: refused: the XML has a DTD (<!DOCTYPE>)") from None
    except EntitiesForbidden:
        raise InputError(f"{source}: refused: the XML declares entities") from None
    except DefusedXmlException as err:
        raise InputError(f"{source}: refused: unsafe XML ({type(err).__name__})") from None
    except ParseError as err:
        line = err.position[0] if err.position else None
        where = f"{source}:{line}" if line else source
        raise InputError(f"{where}: not well-formed XML: {_parse_problem(err)}") from None
    except (LookupError, ValueError) as err:  # e.g. <?xml encoding="no-such-codec"?>
        raise InputError(f"{source}: unreadable XML ({err})") from None
    return root


def parse_xml_file(path: Path) -> Element:
    """Read `path` and parse it with `parse_xml_bytes`; a missing or unreadable file is InputError."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read the file: {err.strerror or err}") from None
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    return parse_xml_bytes(data, str(path))


def _parse_problem(err: ParseError) -> str:
    """The expat message without its own `line N, column M` suffix."""
    return str(err).split(": line ", 1)[0]


def local_name(tag: str) -> str:
    """`{urn:QDA-XML:codebook:1.0}Code` -> `Code`."""
    return tag.rsplit("}", 1)[-1]


def children_named(element: Element, name: str) -> Iterator[Element]:
    """The direct children of `element` whose local name is `name`, in document order."""
    return (child for child in element if local_name(child.tag) == name)


def child_named(element: Element, name: str) -> Element | None:
    """The first direct child of `element` with local name `name`, or None."""
    return next(children_named(element, name), None)


def child_text(element: Element, name: str) -> str:
    """The text of the first child named `name` (`""` when absent), with `\\r\\n` made `\\n`."""
    child = child_named(element, name)
    if child is None or child.text is None:
        return ""
    return child.text.replace("\r\n", "\n").replace("\r", "\n")


def descendants_named(element: Element, name: str) -> Iterator[Element]:
    """Every element below `element` (any depth) whose local name is `name`."""
    return (node for node in element.iter() if node is not element and local_name(node.tag) == name)
