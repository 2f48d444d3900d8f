"""What the Themes screen's `a`, `m` and `r` do: accept the highlighted theme as a new code, map it
to an existing code, or reject it (on the "Code groups" tab: the same for the highlighted group);
`u` and `ctrl+y` undo and redo the coder's last action, an accept or rejection as a whole.
Each is one `Project` call through `app.write`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import DataTable

from themecoder.tui.screens.themes_groups import GroupsPane
from themecoder.tui.themes_view import suggested_code_path, theme_cells

if TYPE_CHECKING:
    from themecoder.store.suggestion_model import SuggestedTheme, ThemeRun


class ThemeDecisions:
    """Mixed into ThemesScreen (which provides run, current_theme, the tables and the tabs)."""

    run: ThemeRun | None
    app: Any

    if TYPE_CHECKING:  # provided by Screen and ThemesScreen

        def notify(self, *args: Any, **kwargs: Any) -> None: ...
        def query_one(self, *args: Any) -> Any: ...
        def current_theme(self) -> SuggestedTheme | None: ...
        def _groups_active(self) -> bool: ...
        def _show_members(self, theme: SuggestedTheme | None) -> None: ...
        def load_latest(self) -> None: ...

    def action_accept(self) -> None:
        from themecoder.tui.screens.prompt import PromptScreen

        if self._groups_active():
            groups = self.query_one(GroupsPane)
            group = groups.highlighted()
            if group is not None:
                self.app.push_screen(
                    PromptScreen(f"Parent code for group {group.id} ({', '.join(group.codes)})",
                                 groups.default_parent(group)),
                    lambda path: groups.accept(group, path) if path else None)
            return
        theme = self._theme_or_notice()
        if theme is not None:
            self.app.push_screen(
                PromptScreen(f"Accept theme {theme.id} “{theme.label}” as a new code: its path",
                             suggested_code_path(theme), "parent/child; an existing path adds to it"),
                lambda path: self._accept(theme, path, create=True) if path else None)

    def action_map(self) -> None:
        from themecoder.tui.screens.picker import CodePicker

        codes = self.app.project.codes()
        if self._groups_active():
            groups = self.query_one(GroupsPane)
            group = groups.highlighted()
            if group is not None:
                self.app.push_screen(
                    CodePicker(codes, allow_create=False, title="Move the group's codes under…"),
                    lambda result: groups.accept(group, result[0]) if result else None)
            return
        theme = self._theme_or_notice()
        if theme is not None:
            self.app.push_screen(
                CodePicker(codes, allow_create=False, title=f"Map theme {theme.id} to code"),
                lambda result: self._accept(theme, result[0], create=False) if result else None)

    def _accept(self, theme: SuggestedTheme, path: str, *, create: bool) -> None:
        assert self.run is not None
        run_id, coder = self.run.run_id, self.app.coder

        def done(result: Any) -> None:
            theme.decision, theme.decided_code = "accepted", result.code
            self._update_row(theme)
            self.notify(f"{result.added} coding(s) by suggest with {result.code}"
                        + (f" ({result.duplicates} already there)" if result.duplicates else ""))

        self.app.write(
            lambda p: p.accept_theme(run_id, theme.id, path, create=create, decided_by=coder),
            done, what="theme")

    def action_reject(self) -> None:
        if self._groups_active():
            groups = self.query_one(GroupsPane)
            group = groups.highlighted()
            if group is not None:
                groups.reject(group)
            return
        theme = self._theme_or_notice()
        if theme is None or self.run is None:
            return
        run_id, coder = self.run.run_id, self.app.coder

        def done(_: object) -> None:
            theme.decision = "rejected"
            self.query_one("#themes-table", DataTable).remove_row(str(theme.id))
            self._show_members(self.current_theme())

        self.app.write(lambda p: p.reject_theme(run_id, theme.id, decided_by=coder),
                       done, what="rejection")

    def action_undo(self) -> None:
        self._history("undo")

    def action_redo(self) -> None:
        self._history("redo")

    def _history(self, what: str) -> None:
        """Undo or redo the coder's last action, then show the run again (decisions change)."""
        coder = self.app.coder

        def done(result: str | None) -> None:
            self.notify(result[:1].upper() + result[1:] if result else f"Nothing to {what}.")
            self.load_latest()

        self.app.write(lambda p: getattr(p, what)(coder), done, what=what)

    def _update_row(self, theme: SuggestedTheme) -> None:
        table = self.query_one("#themes-table", DataTable)
        table.update_cell(str(theme.id), "status", theme_cells(theme)[-1])

    def _theme_or_notice(self) -> SuggestedTheme | None:
        theme = self.current_theme()
        if theme is None:
            self.notify("No theme highlighted: run the suggestions first (f5).", severity="warning")
        return theme
