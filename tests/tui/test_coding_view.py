"""The coding view driven by keys; every test checks what was stored in the project file."""

from __future__ import annotations

from pathlib import Path

from tests.tui.helpers import SIZE, make_app, open_first_document, settle, stored_codings
from themecoder.store import Project


def _selected(screen) -> str:  # type: ignore[no-untyped-def]
    start, end = screen.view.selection.span
    return screen.data.document.text[start:end]


async def test_keys_move_extend_and_apply_codes(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(pilot)
        assert _selected(screen) == "How was your business before the training?"
        await pilot.press("j", "j")
        assert _selected(screen) == "Before, it was all word of mouth."
        await pilot.press("1")  # no codebook shortcuts: 1 = the first leaf code
        await pilot.press("shift+down", "2")
        await pilot.press("right_square_bracket", "right_square_bracket", "v", "3")
        await pilot.press("left_square_bracket", "k", "home")
        assert _selected(screen) == "How was your business before the training?"
        await pilot.press("end")
        assert _selected(screen) == "He was patient with me."
    rows = [(c.code, c.text) for c in stored_codings(project_path, coder="alice")]
    turn = (
        "Now I post almost every day. The photos are better because we learned to use the window "
        "light. Sales grew a lot, and I feel braver."
    )
    assert rows == [
        ("barriers/old-device", "Before, it was all word of mouth."),
        ("barriers/confidence", "Before, it was all word of mouth. People came to the house."),
        ("outcomes/sales-growth", turn),
    ]


async def test_word_boundaries_and_repeat(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(pilot)
        await pilot.press("j", "j", "shift+left", "shift+left", "4")
        assert _selected(screen) == "Before, it was all word"
        await pilot.press("shift+right", "full_stop")
        await pilot.press("escape")  # collapses the selection to the sentence, stays in the view
        assert _selected(screen) == "Before, it was all word of mouth." and app.screen is screen
    texts = sorted(c.text for c in stored_codings(project_path, code="outcomes/online-presence"))
    assert texts == ["Before, it was all word", "Before, it was all word of"]


async def test_picker_applies_and_creates_codes(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("j", "c", *"peer hlp", "enter")  # fuzzy: a typo still finds the code
        await pilot.press("j", "c", *"trust", "down", "enter")
        await settle(pilot)
    with Project(project_path, create=False) as project:
        assert "trust" in {c.path for c in project.codes()}
        codings = {(c.code, c.text) for c in project.codings()}
    assert ("support/peer-help", "Tell me about it.") in codings
    assert ("trust", "Before, it was all word of mouth.") in codings


async def test_remove_asks_which_when_several(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("j", "j", "1", "2", "3")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("down", "enter")  # the second of the three
        await settle(pilot)
        assert [c.code for c in stored_codings(project_path)] == [
            "barriers/old-device",
            "outcomes/sales-growth",
        ]
        await pilot.press("x", "enter")
        await settle(pilot)
    assert [c.code for c in stored_codings(project_path)] == ["outcomes/sales-growth"]


async def test_undo_redo_and_undo_after_restart(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("j", "j", "1", "j", "2")
        await pilot.press("u")
        assert [c.code for c in stored_codings(project_path)] == ["barriers/old-device"]
        await pilot.press("ctrl+y")
        assert len(stored_codings(project_path)) == 2
    again = make_app(project_path)  # a new session on the same file
    async with again.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("ctrl+z", "ctrl+z")
        await settle(pilot)
        assert again.screen.view.shown == []  # the view follows the undo
    assert stored_codings(project_path) == []


async def test_memos_on_passage_and_on_coding(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"asks", "ctrl+s")
        await pilot.press("j", "j", "1", "m")
        await pilot.pause()
        await pilot.press("down", "enter")  # the coding, not the passage
        await pilot.pause()
        await pilot.press(*"old", "ctrl+s")
        await settle(pilot)
    with Project(project_path, create=False) as project:
        memos = project.memos()
        coding = project.codings()[0]
    assert [(m.text, m.coder, m.start) for m in memos] == [("asks", "alice", memos[0].start)]
    assert memos[0].target_kind == "span" and memos[0].end > memos[0].start
    assert coding.memo == "old"


async def test_find_in_document_and_next_hit(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(pilot)
        await pilot.press("slash", *"the", "enter")
        first = screen.view.selection.span
        assert _selected(screen).lower() == "the" and len(screen.view.hits) >= 3
        await pilot.press("n")
        assert screen.view.selection.span[0] > first[0]
        await pilot.press("N")
        assert screen.view.selection.span == first
        await pilot.press("slash", *"phnoe", "enter")  # a typo: close matches
        assert "phone" in _selected(screen)
        await pilot.press("4", "escape")
        assert not screen.view.hits
    assert [c.text for c in stored_codings(project_path)] == [
        "My phone was old and the memory was full."
    ]


async def test_mouse_drag_selects_words(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(pilot)
        view = screen.view
        layout = view.text_layout
        line = layout.line_of(screen.data.document.text.index("Before"))
        y = line - view.scroll_offset.y
        await pilot.mouse_down(view, offset=(6, y))
        await pilot.hover(view, offset=(16, y))
        await pilot.mouse_up(view, offset=(16, y))
        assert _selected(screen) == "Before, it was"
        await pilot.press("5")
    assert [c.text for c in stored_codings(project_path)] == ["Before, it was"]
