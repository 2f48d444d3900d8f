"""The coding workbench: a Textual app over one project file.

The app holds the main thread's `Project`; every user action is one `Project` call (one
transaction) made through `ThemecoderApp.write`, which turns errors into notices and retries
while another process holds the project's write lock. Slow reads run in thread workers that open
their own `Project` (SQLite connections belong to their thread).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from themecoder.core.errors import InputError, ThemecoderError
from themecoder.store import Project
from themecoder.tui.config import TuiConfig, load_config
from themecoder.tui.keymap import APP_BINDINGS

T = TypeVar("T")
BUSY_TIMEOUT_MS = 150
RETRY_SECONDS = 0.5
MAX_RETRIES = 20
SCREEN_NAMES = {"themes": "Themes", "agreement": "Agreement", "export": "Export and triangulation"}


class ThemecoderApp(App[None]):
    """Home (documents and codebook) -> coding view, code browser, search, and the analysis screens."""

    CSS_PATH = "app.tcss"
    TITLE = "themecoder"
    BINDINGS = APP_BINDINGS

    def __init__(
        self, project_path: str | Path, coder: str, *, config: TuiConfig | None = None
    ) -> None:
        super().__init__()
        self.project_path = str(project_path)
        self.coder = coder
        self.config = config if config is not None else load_config()
        self.project = Project(project_path, create=False)
        self.project.set_busy_timeout(BUSY_TIMEOUT_MS)
        self.blind = self.config.blind
        self.last_code: str | None = None
        if self.config.keymap:
            self.set_keymap(self.config.keymap)

    def on_mount(self) -> None:
        from themecoder.tui.screens.home import HomeScreen

        self.title = f"themecoder · {Path(self.project_path).name}"
        self.sub_title = f"coder: {self.coder}" + (" (blind)" if self.blind else "")
        if self.config.theme:
            self._set_theme(self.config.theme)
        self.push_screen(HomeScreen())
        for warning in self.config.warnings:
            self.notify(warning, severity="warning", timeout=10)

    def _set_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name
        else:
            self.notify(f"config: unknown theme '{name}'", severity="warning")

    def on_unmount(self) -> None:
        self.project.close()

    def open_worker_project(self) -> Project:
        """A Project for the current (worker) thread; close it when done."""
        return Project(self.project_path, create=False)

    # --- writing -------------------------------------------------------------------------------

    def write(
        self,
        change: Callable[[Project], T],
        done: Callable[[T], Any] | None = None,
        what: str = "change",
        failed: Callable[[], Any] | None = None,
        attempt: int = 0,
    ) -> None:
        """Run one write; call `done(result)` on success, `failed()` when it was not saved.

        Errors become notices, never crashes; while another process holds the lock, retry.
        """
        try:
            result = change(self.project)
        except ThemecoderError as err:
            self.notify(str(err), title=f"{what} not saved", severity="error")
        except sqlite3.OperationalError as err:
            if _is_locked(err) and attempt < MAX_RETRIES:
                self._retry_later(change, done, what, failed, attempt)
                return
            self.notify(_write_error(self.project_path, err, what), severity="error", timeout=10)
        else:
            if done is not None:
                done(result)
            return
        if failed is not None:
            failed()

    def _retry_later(
        self,
        change: Callable[[Project], T],
        done: Callable[[T], Any] | None,
        what: str,
        failed: Callable[[], Any] | None,
        attempt: int,
    ) -> None:
        if attempt == 0:
            self.notify(
                f"The project is locked by another process; retrying the {what}…",
                severity="warning",
            )
        self.set_timer(RETRY_SECONDS, partial(self.write, change, done, what, failed, attempt + 1))

    # --- navigation ------------------------------------------------------------------------------

    def open_document(
        self, doc_id: int, select: tuple[int, int] | None = None, name: str = ""
    ) -> None:
        """Open the coding view on a document (at `select`, else its first sentence)."""
        from themecoder.tui.screens.coding import CodingScreen

        self.push_screen(CodingScreen(doc_id, select=select, name=name))

    def open_code_browser(self, path: str) -> None:
        from themecoder.tui.screens.browser import CodeBrowserScreen

        self.push_screen(CodeBrowserScreen(path))

    def action_open_screen(self, name: str) -> None:
        """Open the themes, agreement or export screen."""
        from themecoder.tui.screens import agreement, export, themes

        screens = {
            "themes": themes.ThemesScreen,
            "agreement": agreement.AgreementScreen,
            "export": export.ExportScreen,
        }
        self.push_screen(screens[name]())

    def action_global_search(self) -> None:
        from themecoder.tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_keys_help(self) -> None:
        from themecoder.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place where a failed worker is reported."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(
                str(event.worker.error), title="Could not load", severity="error", timeout=10
            )

    # --- command palette -------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands, the app's screens, and every key binding active on `screen`."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Search all documents", "Full-text and fuzzy search (ctrl+f)", self.action_global_search
        )
        for name, title in SCREEN_NAMES.items():
            yield SystemCommand(
                f"Open {title.lower()}",
                f"The {title.lower()} screen",
                partial(self.action_open_screen, name),
            )
        yield SystemCommand(
            "Browse a code", "Every excerpt of a code across documents", self.pick_code_to_browse
        )
        yield SystemCommand("Home", "Documents and codebook", self.action_go_home)
        seen: set[tuple[int, str]] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or (id(active.node), binding.action) in seen:
                continue
            seen.add((id(active.node), binding.action))
            yield SystemCommand(
                binding.description,
                f"key: {binding.key_display or key}",
                partial(self.run_action, binding.action, active.node),
            )

    def pick_code_to_browse(self) -> None:
        from themecoder.tui.screens.picker import CodePicker

        def chosen(result: tuple[str, bool] | None) -> None:
            if result and not result[1]:
                self.open_code_browser(result[0])

        self.push_screen(
            CodePicker(self.project.codes(), allow_create=False, title="Browse code"), chosen
        )


def _is_locked(err: sqlite3.OperationalError) -> bool:
    message = str(err).lower()
    return "locked" in message or "busy" in message


def _write_error(path: str, err: sqlite3.OperationalError, what: str) -> str:
    if _is_locked(err):
        return f"{path} stayed locked by another process; the {what} was not saved. Try again."
    return f"{path}: {err}; the {what} was not saved."


def run_app(project_path: str, coder: str) -> None:
    """Open the workbench on `project_path` as `coder` (the project must exist)."""
    if not Path(project_path).exists():
        raise InputError(
            f"{project_path}: no such project file; import documents first "
            "(themecoder -p FILE import PATH...) or try `themecoder demo`"
        )
    app = ThemecoderApp(project_path, coder)
    app.run()
