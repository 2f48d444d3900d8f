"""The coding view's keys that look rather than write: find in the document, coders shown,
the code browser, and `escape`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from textual.widgets import Input

if TYPE_CHECKING:
    from themecoder.tui.doc_model import DocumentData
    from themecoder.tui.widgets.transcript import TranscriptView


def close_sentences(
    query: str, text: str, units: list[tuple[int, int]], cutoff: float = 75.0
) -> list[tuple[int, int]]:
    """Sentences that nearly contain `query` (typos, other spellings), by rapidfuzz partial ratio."""
    from rapidfuzz import fuzz, process

    needle = query.strip().lower()
    found = process.extract(
        needle,
        [text[s:e].lower() for s, e in units],
        scorer=fuzz.partial_ratio,
        score_cutoff=cutoff,
        limit=None,
    )
    return sorted(units[index] for _, _, index in found)


class ViewActions:
    """Mixed into CodingScreen (which provides view, data, app and the status line)."""

    data: DocumentData | None
    app: Any

    if TYPE_CHECKING:  # provided by Screen and CodingScreen

        @property
        def view(self) -> TranscriptView: ...

        def notify(self, *args: Any, **kwargs: Any) -> None: ...
        def query_one(self, *args: Any) -> Any: ...
        def _update_status(self) -> None: ...

    def action_find(self) -> None:
        box = self.query_one("#find", Input)
        box.value = ""
        box.display = True
        box.focus()

    def find_in_document(self, query: str) -> None:
        """Highlight every case-insensitive match (else close fuzzy matches) and go to the first."""
        if self.data is None or not query.strip():
            self.view.set_hits([])
            return
        text = self.data.document.text
        hits = [m.span() for m in re.finditer(re.escape(query.strip()), text, re.IGNORECASE)]
        fuzzy = False
        if not hits:
            hits, fuzzy = close_sentences(query, text, self.data.units), True
        self.view.set_hits(hits)
        if not hits:
            self.notify(f"“{query}” is not in this document.", severity="warning")
            return
        self.view.goto_hit(1)
        kind = "close matches" if fuzzy else "matches"
        self.notify(f"{len(hits)} {kind} for “{query}” (n / N: next / previous).")

    def action_next_hit(self, step: int) -> None:
        if not self.view.goto_hit(step):
            self.notify("No search: press / to find in this document.", severity="warning")
        self._update_status()

    def action_cycle_coders(self) -> None:
        """All coders -> only yours (blind) -> each other coder alone -> all."""
        if self.data is None:
            return
        me = self.app.coder
        others = sorted({c.coder for c in self.data.codings} - {me})
        modes: list[str | None] = [None, me, *others]
        current = modes.index(self.view.only) if self.view.only in modes else 0
        self.view.set_only(modes[(current + 1) % len(modes)])
        only = self.view.only
        label = (
            "all coders" if only is None else "only yours (blind)" if only == me else f"only {only}"
        )
        self.notify(f"Showing {label}.")
        self._update_status()

    def action_browse_code(self) -> None:
        start, end = self.view.selection.span
        here = [c for c in self.view.shown if c.start < max(end, start + 1) and c.end > start]
        if here:
            self.app.open_code_browser(here[0].code)
        else:
            self.app.pick_code_to_browse()

    def action_back(self) -> None:
        box = self.query_one("#find", Input)
        if box.display:
            box.display = False
            self.view.set_hits([])
            self.view.focus()
            self._update_status()
            return
        sel = self.view.selection
        if sel.units and sel.span != sel.units[sel.cursor]:
            self.view.select_span(*sel.units[sel.head()])
            return
        self.app.pop_screen()
