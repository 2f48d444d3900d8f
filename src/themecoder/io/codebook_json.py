"""Codebooks as JSON: the same structure as the YAML format, every key written.

Syntax errors name the line from the JSON parser; everything else is checked by the YAML node
walker on the same text (JSON is YAML), so errors name the line there too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from yaml.representer import SafeRepresenter

from themecoder.core.codebook import Codebook
from themecoder.core.errors import InputError
from themecoder.io.codebook_nodes import NodeReader
from themecoder.io.codebook_yaml import codebook_from_nodes, codebook_to_tree, read_text

# A \uD8xx\uDCxx escape pair not itself escaped (preceded by an even number of backslashes).
SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)


def read_codebook_json(path: Path) -> Codebook:
    """Read a JSON codebook. Raises InputError `file:line: problem` for anything wrong in it."""
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{path}:{err.lineno}: could not parse JSON: {err.msg}") from None
    try:
        root = yaml.compose(_as_yaml(text), Loader=yaml.SafeLoader)
        reader = NodeReader(str(path), text)
    except (yaml.YAMLError, ValueError):  # e.g. a key over 1024 characters: check without lines
        root = SafeRepresenter().represent_data(data)
        reader = NodeReader(str(path))
    return codebook_from_nodes(root, reader, default_name=path.stem)


def _as_yaml(text: str) -> str:
    """JSON text that PyYAML reads the same way, on the same lines.

    Valid JSON has raw tabs only between tokens, where PyYAML refuses them, and PyYAML does not
    join `\\ud83d\\ude00` surrogate pairs: the pairs become the characters they stand for.
    """
    return SURROGATE_PAIR.sub(_join_pair, text.replace("\t", " "))


def _join_pair(match: re.Match[str]) -> str:
    high, low = int(match.group(2), 16), int(match.group(3), 16)
    return match.group(1) + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def codebook_to_json(codebook: Codebook) -> str:
    """The codebook as indented JSON text with every key present."""
    return (
        json.dumps(codebook_to_tree(codebook, all_keys=True), indent=2, ensure_ascii=False) + "\n"
    )


def write_codebook_json(codebook: Codebook, path: Path) -> None:
    """Write `codebook` to `path` as JSON (UTF-8)."""
    path.write_text(codebook_to_json(codebook), encoding="utf-8")
