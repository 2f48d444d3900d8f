"""Code suggestions inline in the coding view: `s` shows them, `a` accepts (coder `suggest`), `r`
rejects; while hidden, `a` stays a codebook letter shortcut."""

from __future__ import annotations

from pathlib import Path

from tests.cli.suggest_corpus import TOPICS
from tests.tui.helpers import SIZE, make_app, settle
from tests.tui.themes_study import build_themes_study, stored
from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.store import Project
from themecoder.tui.screens.coding import CodingScreen

TOPIC_CODE = {"parking": "access/parking", "food": "care/food", "staff": "care/staff"}


def build_with_interview(path: Path) -> tuple[Path, int, dict[tuple[int, int], str]]:
    """The themes study plus an uncoded interview of the last answers of each topic, as turns.

    Returns the path, the interview's id and the topic code of each of its sentences."""
    build_themes_study(path, coded_per_topic=8,
                       codes={topic: [code] for topic, code in TOPIC_CODE.items()})
    said = [(topic, texts[i]) for i in range(8, 12) for topic, texts in TOPICS.items()]
    text, turns, expected = "", [], {}
    for topic, sentence in said:
        turns.append(Turn(len(text), len(text) + len(sentence), "Patient"))
        expected[(len(text), len(text) + len(sentence))] = TOPIC_CODE[topic]
        text += sentence + "\n\n"
    with Project(path) as project:
        result = project.add_documents([ParsedDocument("P99-interview", text, turns, "txt",
                                                       kind="interview")])
        project.upsert_codes([CodeDef("care/food", shortcut="f")])
    return path, int(result[0].doc_id or 0), expected


async def open_interview(pilot, doc_id: int) -> CodingScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.open_document(doc_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CodingScreen) and screen.data is not None
    return screen


async def test_toggle_accept_and_reject(tmp_path: Path) -> None:
    path, doc_id, expected = build_with_interview(tmp_path / "s.db")
    app = make_app(path, "alice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_interview(pilot, doc_id)
        await pilot.press("s")
        await settle(pilot)
        marks = screen.view.suggestions
        assert len(marks) >= 6
        right = sum(expected.get((m.start, m.end)) == m.code for m in marks)
        assert right / len(marks) >= 0.8
        first, second = marks[0], marks[1]
        screen.view.select_span(first.start, first.end)
        await pilot.pause()
        assert f"suggested: {first.code}" in str(screen.query_one("#status").render())
        await pilot.press("a")
        await settle(pilot)
        assert first not in screen.view.suggestions
        assert any(c.coder == "suggest" and c.start == first.start for c in screen.view.shown)
        screen.view.select_span(second.start, second.end)
        await pilot.press("r")
        await settle(pilot)
        assert second not in screen.view.suggestions
        await pilot.press("s")  # hide: now `a` and `r` are free again
        assert screen.view.suggestions == []
    assert stored(path, "SELECT c.path, g.start, g.\"end\" FROM codings g JOIN codes c ON "
                        "c.id = g.code_id WHERE g.coder = 'suggest'") == [
        (first.code, first.start, first.end)]
    assert stored(path, "SELECT kind, item, decision, coder FROM suggestion_decisions ORDER BY id") == [
        ("code", first.id, "accepted", "alice"), ("code", second.id, "rejected", "alice")]


async def test_rejected_is_not_shown_again_and_letters_work_when_hidden(tmp_path: Path) -> None:
    path, doc_id, _ = build_with_interview(tmp_path / "s.db")
    app = make_app(path, "alice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_interview(pilot, doc_id)
        await pilot.press("s")
        await settle(pilot)
        rejected = screen.view.suggestions[0]
        screen.view.select_span(rejected.start, rejected.end)
        await pilot.press("r", "s", "s")  # reject, hide, compute again
        await settle(pilot)
        assert (rejected.start, rejected.code) not in {(m.start, m.code) for m in screen.view.suggestions}
        await pilot.press("s")
        screen.view.select_span(rejected.start, rejected.end)
        await pilot.press("f")  # the letter shortcut of care/food
        await settle(pilot)
    codings = stored(path, "SELECT c.path, g.coder FROM codings g JOIN codes c ON c.id = g.code_id "
                           f"WHERE g.doc_id = {doc_id}")
    assert codings == [("care/food", "alice")]


async def test_no_codings_means_a_notice_not_a_crash(tmp_path: Path) -> None:
    path = build_themes_study(tmp_path / "s.db", coded_per_topic=0)
    app = make_app(path, "alice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_interview(pilot, 1)
        await pilot.press("s")
        await settle(pilot)
        assert screen.suggestions_on is False
        assert any("no codings" in n.message for n in app._notifications)
        await pilot.press("a")  # unbound again: nothing happens
    assert stored(path, "SELECT count(*) FROM codings") == [(0,)]
