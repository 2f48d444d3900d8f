"""Code suggestions inline in the coding view: `s` shows them, `a` accepts, `r` rejects.

`S` jumps to the next suggestion. The suggestions for the open document are computed once, in a thread worker with its own Project
(`Project.suggest_codes`, recorded as a run), when the toggle is switched on; `a` and `r` are one
write each. While suggestions are hidden, `a` and `r` are not bound, so codebook letter shortcuts
keep working. An undo (`u`) of an accept or a rejection shows its suggestion again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from themecoder.core.errors import ThemecoderError
from themecoder.core.model import Coding
from themecoder.store.suggestion_model import SUGGEST_CODER, CodeRun, SuggestedCode
from themecoder.tui.widgets.transcript_paint import SuggestionMark

if TYPE_CHECKING:
    from themecoder.store import Project
    from themecoder.tui.widgets.transcript import TranscriptView

ONLY_WHEN_SHOWN = ("accept_suggestion", "reject_suggestion", "next_suggestion")


@dataclass
class SuggestionsComputed(Message):
    run: CodeRun


@dataclass
class SuggestionsFailed(Message):
    error: str


class SuggestionActions:
    """Mixed into CodingScreen (which provides view, doc_id, app and the status line)."""

    doc_id: int
    app: Any
    suggestions_on: bool = False
    suggestion_run: int | None = None

    if TYPE_CHECKING:  # provided by Screen and CodingScreen

        @property
        def view(self) -> TranscriptView: ...

        def notify(self, *args: Any, **kwargs: Any) -> None: ...
        def post_message(self, message: Message) -> bool: ...
        def refresh_bindings(self) -> None: ...
        def codings_changed(self) -> None: ...
        def reload_codings(self, *, codes: bool = False) -> None: ...
        def _update_status(self) -> None: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ONLY_WHEN_SHOWN:
            return self.suggestions_on
        return super().check_action(action, parameters)  # type: ignore[misc]

    def action_toggle_suggestions(self) -> None:
        self.suggestions_on = not self.suggestions_on
        self.refresh_bindings()
        if not self.suggestions_on:
            self.view.set_suggestions([])
            self.notify("Suggestions hidden.")
            self._update_status()
            return
        self.notify("Computing code suggestions for this document…")
        self.compute_suggestions()

    @work(thread=True, exclusive=True, exit_on_error=False, group="suggestions")
    def compute_suggestions(self) -> None:
        """Learn from the project's codings and score this document's uncoded sentences."""
        try:
            with self.app.open_worker_project() as project:
                run = project.suggest_codes(docs=[self.doc_id], top=None, coder=self.app.coder)
            self.post_message(SuggestionsComputed(run))
        except ThemecoderError as err:
            self.post_message(SuggestionsFailed(str(err)))

    def on_suggestions_computed(self, message: SuggestionsComputed) -> None:
        if not self.suggestions_on:
            return
        run = message.run
        self.suggestion_run = run.run_id
        self.view.set_suggestions(_marks(run.suggestions))
        count = len(run.suggestions)
        self.notify(
            f"{count} code suggestion(s) here (marked ?): S: next, a: accept, r: reject, s: hide."
            if count
            else "No code suggestions for this document."
        )
        self._update_status()

    def on_suggestions_failed(self, message: SuggestionsFailed) -> None:
        self.suggestions_on = False
        self.refresh_bindings()
        self.notify(message.error, title="No suggestions", severity="warning", timeout=8)

    def suggestion_here(self) -> SuggestionMark | None:
        """The suggestion under the cursor (containing the selection's start, else overlapping)."""
        if not self.suggestions_on:
            return None
        found = self.view.suggestions_at(*self.view.selection.span)
        return found[0] if found else None

    def suggestion_status(self) -> str:
        """For the status line: the suggestion under the cursor, or how many there are."""
        if not self.suggestions_on:
            return ""
        here = self.suggestion_here()
        if here is not None:
            return f"suggested: {here.code} ({here.score:.2f}) a/r"
        return f"{len(self.view.suggestions)} suggestions"

    def action_next_suggestion(self) -> None:
        """Select the next suggested passage after the cursor (wrapping to the first)."""
        marks = self.view.suggestions
        if not marks:
            self.notify("No suggestions in this document.", severity="warning")
            return
        start = self.view.selection.span[0]
        following = next((m for m in marks if m.start > start), marks[0])
        self.view.select_span(following.start, following.end)

    def action_accept_suggestion(self) -> None:
        mark, run_id = self.suggestion_here(), self.suggestion_run
        if mark is None or run_id is None:
            self.notify("No suggestion under the cursor.", severity="warning")
            return
        coder = self.app.coder

        def change(project: Project) -> Any:
            return project.accept_code_suggestions(run_id, ids=[mark.id], decided_by=coder)

        def done(result: Any) -> None:
            self._drop(mark)
            text = self.view.data.document.text[mark.start : mark.end] if self.view.data else ""
            self.view.add_coding(
                Coding(
                    self.doc_id,
                    mark.code,
                    SUGGEST_CODER,
                    mark.start,
                    mark.end,
                    text,
                    id=result.coding_ids[0] if result.coding_ids else 0,
                )
            )
            self.codings_changed()
            self.notify(f"Accepted {mark.code} (coder {SUGGEST_CODER}).")

        self.app.write(change, done, what="accepted suggestion")

    def action_reject_suggestion(self) -> None:
        mark, run_id = self.suggestion_here(), self.suggestion_run
        if mark is None or run_id is None:
            self.notify("No suggestion under the cursor.", severity="warning")
            return
        coder = self.app.coder

        def done(_: object) -> None:
            self._drop(mark)
            self.notify(f"Rejected {mark.code} here; it will not be suggested again.")

        self.app.write(
            lambda p: p.reject_code_suggestions(run_id, [mark.id], decided_by=coder),
            done,
            what="rejection",
        )

    def _after_history(self, result: str | None, what: str) -> None:
        """After `u` or `ctrl+y`: say what was undone, and show the codings, the codebook and
        this document's open suggestions again (an accept or rejection changes all three)."""
        self.notify(result[:1].upper() + result[1:] if result else f"Nothing to {what}.")
        self.reload_codings(codes=True)
        self.reload_suggestions()

    def reload_suggestions(self) -> None:
        """Show this document's suggestions of the current run that are still open."""
        if not self.suggestions_on or self.suggestion_run is None:
            return
        try:
            run = self.app.project.code_run(self.suggestion_run)
        except ThemecoderError:
            return
        self.view.set_suggestions(
            _marks(s for s in run.suggestions if s.excerpt.doc_id == self.doc_id)
        )
        self._update_status()

    def _drop(self, mark: SuggestionMark) -> None:
        self.view.set_suggestions([m for m in self.view.suggestions if m.id != mark.id])
        self._update_status()


def _marks(suggestions: Iterable[SuggestedCode]) -> list[SuggestionMark]:
    return [
        SuggestionMark(s.id, s.excerpt.start, s.excerpt.end, s.code, s.score) for s in suggestions
    ]
