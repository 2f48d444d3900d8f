"""`?`: the keys of the screen underneath (after the user's keymap), with their binding ids."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

from themecoder.tui.config import config_path


def key_rows(screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """(keys, description, binding id) for every binding active on `screen`, keys merged per action."""
    merged: dict[tuple[int, str], list[Any]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        entry = merged.setdefault((id(active.node), binding.action), [[], binding])
        display = screen.app.get_key_display(binding.with_key(key, key_display=None))
        if display not in entry[0]:
            entry[0].append(display)
    return [(", ".join(keys), b.description or b.action, b.id or "") for keys, b in merged.values()]


class HelpScreen(ModalScreen[None]):
    """A table of keys; `escape`, `q` or `?` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.rows = key_rows(screen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Label("Keys", classes="dialog-title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Label(
                f"Rebind any key by its id in [keymap] of {config_path()} "
                "(ctrl+p lists every action).",
                id="help-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        table = self.query_one("#help-keys", DataTable)
        table.add_columns("Key", "Action", "Id")
        table.add_rows(self.rows)
        table.focus()
