"""Writing `.qdpx` with the selections handed over apart from the bundle (`StreamedSelections`):
the same bytes as the bundle written whole, one layout for both."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tests.io.test_refi_write import full_bundle, guid
from themecoder.io.refi import QdaProject, project_xml, write_qdpx
from themecoder.io.refi.write import iter_qde_chunks
from themecoder.io.refi.write_sources import StreamedSelections, _all_canonical, selection_rows
from themecoder.io.refi.xmlutil import CANONICAL_GUID

CANONICAL = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"


def apart(project: QdaProject) -> tuple[QdaProject, StreamedSelections]:
    """The bundle without its selections, and them as a stream of tuples."""
    rows = [selection_rows(source) for source in project.sources]
    bare = copy.deepcopy(project)
    for source in bare.sources:
        source.selections = []
    return bare, StreamedSelections(iter(rows), codings_bound=sum(
        len(s.codings) for source in project.sources for s in source.selections))


def test_streamed_selections_are_written_as_the_bundles_own(tmp_path: Path) -> None:
    project = full_bundle()
    project.sources[0].selections[0].codings[0].guid = "{ABCDEF00-0000-4000-8000-0000000000AA}"
    bare, streamed = apart(project)
    calls: list[bool] = []
    write_qdpx(project, tmp_path / "whole.qdpx")
    write_qdpx(bare, tmp_path / "streamed.qdpx", streamed,
               after_layout=lambda: calls.append((tmp_path / "streamed.qdpx").exists()))
    assert (tmp_path / "whole.qdpx").read_bytes() == (tmp_path / "streamed.qdpx").read_bytes()
    assert calls == [False]  # once, before the file appeared
    assert b"".join(iter_qde_chunks(*apart(project))) == project_xml(project)


def test_a_stream_that_does_not_fit_the_sources_is_refused(tmp_path: Path) -> None:
    bare, streamed = apart(full_bundle())
    streamed.per_source = iter(list(streamed.per_source)[:-1])
    calls: list[int] = []
    with pytest.raises(ValueError):
        write_qdpx(bare, tmp_path / "p.qdpx", streamed, after_layout=lambda: calls.append(1))
    assert list(tmp_path.iterdir()) == [] and calls == []


def test_a_failing_after_layout_leaves_no_file(tmp_path: Path) -> None:
    def fail() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_qdpx(full_bundle(), tmp_path / "p.qdpx", after_layout=fail)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("guids", [
    [CANONICAL, guid(1), guid(2)],
    [CANONICAL.upper(), guid(1)],
    ["{" + CANONICAL + "}"],
    [CANONICAL[:-1], "a" + CANONICAL],  # 35 + 37 characters: aligned only when joined
    [CANONICAL[:8] + "x" + CANONICAL[9:]],  # a dash replaced
    [CANONICAL.replace("a", "g")],
    [CANONICAL.replace("1", "١")],  # an Arabic-Indic digit
    [CANONICAL.replace("-", "0", 1)[:-1] + "-"],  # dashes moved
    [CANONICAL, None],
    [CANONICAL, ""],
    ["not a guid at all"],
])  # fmt: skip
def test_guids_are_found_canonical_all_at_once_as_one_by_one(guids: list[str | None]) -> None:
    one_by_one = all(g and CANONICAL_GUID.fullmatch(g) for g in guids)
    as_selections = [(guids[0], 0, 1, "", None, "", [(g, guid(1), None, "") for g in guids[1:]])]
    as_codings = [(guid(9), 0, 1, "", None, "", [(g, guid(1), None, "") for g in guids])]
    assert _all_canonical(as_selections) == _all_canonical(as_codings) == bool(one_by_one)
