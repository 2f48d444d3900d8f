"""Small modal dialogs: choose one of several things, write a memo."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, TextArea


class ChooseScreen(ModalScreen[int | None]):
    """Pick one of `labels`; returns its index, or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="choose.cancel")
    ]

    def __init__(self, title: str, labels: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.labels = labels

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(*self.labels, id="choices")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).highlighted = 0

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)


class MemoScreen(ModalScreen[str | None]):
    """Edit a memo; `ctrl+s` saves (an emptied memo is deleted), `escape` cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="memo.save"),
        Binding("escape", "dismiss(None)", "Cancel", id="memo.cancel"),
    ]

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="memo-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextArea(self.text, id="memo-text", soft_wrap=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="memo-save")
                yield Button("Cancel (esc)", id="memo-cancel")

    def on_mount(self) -> None:
        area = self.query_one("#memo-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#memo-text", TextArea).text)

    @on(Button.Pressed, "#memo-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#memo-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)
