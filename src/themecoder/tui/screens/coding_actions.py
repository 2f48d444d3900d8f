"""What the coding view's keys do. Each write is one `Project` call through `app.write`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from themecoder.core.model import Coding
from themecoder.tui.colors import short

if TYPE_CHECKING:
    from themecoder.store import Project
    from themecoder.tui.doc_model import DocumentData
    from themecoder.tui.widgets.transcript import TranscriptView


class CodingActions:
    """Mixed into CodingScreen (which provides view, data, app, doc_id and the reload methods)."""

    data: DocumentData | None
    doc_id: int
    shortcuts: dict[str, str]
    app: Any

    if TYPE_CHECKING:  # provided by Screen and CodingScreen

        @property
        def view(self) -> TranscriptView: ...

        def notify(self, *args: Any, **kwargs: Any) -> None: ...
        def query_one(self, *args: Any) -> Any: ...
        def reload_codings(self, *, codes: bool = False) -> None: ...
        def reload_memos(self) -> None: ...
        def _after_history(self, result: str | None, what: str) -> None: ...  # SuggestionActions
        def codings_changed(self) -> None: ...
        def _update_status(self) -> None: ...

    # --- applying codes --------------------------------------------------------------------------

    def apply_code(self, path: str, *, create: bool = False) -> None:
        """Code the selection with `path` (creating the code when `create`)."""
        if self.data is None:
            return
        start, end = self.view.selection.span
        if end <= start:
            self.notify("Select some text first.", severity="warning")
            return
        coder, doc_id = self.app.coder, self.doc_id

        def change(project: Project) -> int:
            return project.add_coding(
                doc_id, path, start, end, coder=coder, source="tui", create_code=create
            )

        def done(coding_id: int) -> None:
            self.app.last_code = path
            if create:
                self.reload_codings(codes=True)
                return
            text = self.data.document.text[start:end] if self.data else ""
            self.view.add_coding(Coding(doc_id, path, coder, start, end, text, id=coding_id))
            self.codings_changed()

        self.app.write(
            change, done, what=f"coding with {path}", failed=lambda: self.reload_codings(codes=True)
        )

    def action_apply_shortcut(self, key: str) -> None:
        path = self.shortcuts.get(key)
        if path is None:
            self.notify(f"No code has the shortcut {key}: press c to pick one.", severity="warning")
            return
        self.apply_code(path)

    def action_pick_code(self) -> None:
        from themecoder.tui.screens.picker import CodePicker

        def chosen(result: tuple[str, bool] | None) -> None:
            if result:
                self.apply_code(result[0], create=result[1])

        codes = self.data.codes if self.data else []
        self.app.push_screen(CodePicker(codes, title="Apply code"), chosen)

    def action_repeat_code(self) -> None:
        if not self.app.last_code:
            self.notify("No code applied yet in this session.", severity="warning")
            return
        self.apply_code(self.app.last_code)

    # --- removing, memos, undo -------------------------------------------------------------------

    def _my_codings_here(self) -> list[Coding]:
        if self.data is None:
            return []
        start, end = self.view.selection.span
        return [
            c
            for c in self.data.codings
            if c.coder == self.app.coder and c.start < max(end, start + 1) and c.end > start
        ]

    def action_remove_coding(self) -> None:
        mine = self._my_codings_here()
        if not mine:
            self.notify("None of your codings is under the cursor.", severity="warning")
            return
        if len(mine) == 1:
            self._remove(mine[0])
            return
        from themecoder.tui.screens.dialogs import ChooseScreen

        labels = [f"{c.code}  “{short(c.text, 50)}”" for c in mine]
        self.app.push_screen(
            ChooseScreen("Remove which coding?", labels),
            lambda i: self._remove(mine[i]) if i is not None else None,
        )

    def _remove(self, coding: Coding) -> None:
        coder, coding_id = self.app.coder, coding.id or 0

        def done(_: object) -> None:
            self.notify(f"Removed {coding.code}.")
            self.reload_codings()

        self.app.write(
            lambda p: p.remove_coding(coding_id, coder=coder),
            done,
            what="removal",
            failed=self.reload_codings,
        )

    def action_memo(self) -> None:
        mine = self._my_codings_here()
        if not mine:
            self._memo_on_passage()
            return
        from themecoder.tui.screens.dialogs import ChooseScreen

        labels = [
            "The selected passage",
            *[f"The coding {c.code}  “{short(c.text, 40)}”" for c in mine],
        ]

        def chosen(index: int | None) -> None:
            if index == 0:
                self._memo_on_passage()
            elif index is not None:
                self._memo_on_coding(mine[index - 1])

        self.app.push_screen(ChooseScreen("Memo on…", labels), chosen)

    def _memo_on_coding(self, coding: Coding) -> None:
        from themecoder.tui.screens.dialogs import MemoScreen

        coder, coding_id = self.app.coder, coding.id or 0

        def save(text: str | None) -> None:
            if text is not None:
                self.app.write(
                    lambda p: p.set_coding_memo(coding_id, text, coder=coder),
                    lambda _: self.reload_codings(),
                    what="memo",
                )

        self.app.push_screen(MemoScreen(f"Memo on {coding.code}", coding.memo), save)

    def _memo_on_passage(self) -> None:
        from themecoder.tui.screens.dialogs import MemoScreen

        if self.data is None:
            return
        start, end = self.view.selection.span
        coder, doc_id = self.app.coder, self.doc_id
        existing = next(
            (
                m
                for m in self.data.memos
                if m.coder == coder and m.target_kind == "span" and (m.start, m.end) == (start, end)
            ),
            None,
        )

        def save(text: str | None) -> None:
            if text is None:
                return
            if existing is not None:
                self.app.write(
                    lambda p: p.update_memo(existing.id, text, coder=coder),
                    lambda _: self.reload_memos(),
                    what="memo",
                )
            elif text.strip():
                self.app.write(
                    lambda p: p.add_memo(text, coder=coder, doc_id=doc_id, start=start, end=end),
                    lambda _: self.reload_memos(),
                    what="memo",
                )

        excerpt = short(self.data.document.text[start:end], 60)
        self.app.push_screen(
            MemoScreen(f"Memo on “{excerpt}”", existing.text if existing else ""), save
        )

    def action_undo(self) -> None:
        coder = self.app.coder
        self.app.write(
            lambda p: p.undo(coder), lambda r: self._after_history(r, "undo"), what="undo"
        )

    def action_redo(self) -> None:
        coder = self.app.coder
        self.app.write(
            lambda p: p.redo(coder), lambda r: self._after_history(r, "redo"), what="redo"
        )
