"""Snapshots of the main screens (pytest-textual-snapshot, pinned with Textual); behaviour is tested
with Pilot elsewhere. Update after an intended change: `pytest tests/tui/test_snapshots.py --snapshot-update`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.helpers import SIZE, make_app, settle
from themecoder.store import Project


@pytest.fixture
def coded_project(project_path: Path) -> Path:
    with Project(project_path) as project:
        project.add_coding("P01-interview", "barriers/old-device", 103, 136, coder="bob")
        project.add_coding("P01-interview", "outcomes/sales-growth", 316, 338, coder="alice")
    return project_path


def test_home(coded_project: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(coded_project), terminal_size=SIZE, run_before=settle)


def test_coding_view(coded_project: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def code_two_passages(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("j", "j", "shift+down", "2", "j", "j", "shift+right")

    assert snap_compare(make_app(coded_project), terminal_size=SIZE, run_before=code_two_passages)


def test_code_picker(coded_project: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def pick(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c", *"sales")

    assert snap_compare(make_app(coded_project), terminal_size=SIZE, run_before=pick)
