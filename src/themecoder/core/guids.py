"""GUIDs derived for what has none: the uuid5 of what a thing is, so the same project gives the
same GUIDs (REFI-QDA exchange needs one for every document, code, coding, coder and note)."""

from __future__ import annotations

import hashlib
import uuid

GUID_NAMESPACE = uuid.UUID("5b0c4a0e-7d1f-4f7e-9a55-2f0d5e7c1a11")  # for GUIDs derived here
_NAMESPACE_BYTES = GUID_NAMESPACE.bytes
_VARIANT = {digit: "89ab"[int(digit, 16) % 4] for digit in "0123456789abcdef"}  # RFC 4122: 10xx


def derived_guid(*parts: str) -> str:
    """A stable GUID for something the file gave none (or an unusable one): the uuid5 of the
    parts joined by "|", in `GUID_NAMESPACE`."""
    return name_guid("|".join(parts))


def name_guid(name: str) -> str:
    """`str(uuid.uuid5(GUID_NAMESPACE, name))`, computed without building `UUID` objects (an
    export may derive hundreds of thousands of them): `derived_guid` of a name already joined."""
    digest = hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).hexdigest()
    return (f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-"
            f"{_VARIANT[digest[16]]}{digest[17:20]}-{digest[20:32]}")  # fmt: skip
