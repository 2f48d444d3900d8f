"""REFI-QDA project exchange (`.qdpx`, `.qde`): a reader and a writer over a neutral bundle."""

from themecoder.io.refi.documents import read_qdpx_documents, source_document, source_name
from themecoder.io.refi.model import (
    QdaCase,
    QdaCoding,
    QdaNote,
    QdaProject,
    QdaSelection,
    QdaSet,
    QdaSource,
    QdaUser,
    QdaVariable,
)
from themecoder.io.refi.read import read_qde, read_qdpx
from themecoder.io.refi.write import project_xml, write_qdpx

__all__ = [
    "QdaCase",
    "QdaCoding",
    "QdaNote",
    "QdaProject",
    "QdaSelection",
    "QdaSet",
    "QdaSource",
    "QdaUser",
    "QdaVariable",
    "project_xml",
    "read_qde",
    "read_qdpx",
    "read_qdpx_documents",
    "source_document",
    "source_name",
    "write_qdpx",
]
