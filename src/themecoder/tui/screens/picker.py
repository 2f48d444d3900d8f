"""The fuzzy code picker (`c`): rapidfuzz over code paths and descriptions; a new name creates a code."""

from __future__ import annotations

from typing import ClassVar

from rapidfuzz import fuzz
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from themecoder.core.codebook import normalise_path
from themecoder.core.model import CodeDef
from themecoder.tui.colors import code_colors, short

CREATE = "\0create"


def code_score(query: str, code: CodeDef) -> float:
    """0-100: how well `query` names `code` (its path, its leaf name, or words of its description)."""
    query = query.lower().strip()
    path = code.path.lower().replace("/", " ").replace("-", " ")
    by_path = max(fuzz.partial_ratio(query, path), fuzz.token_set_ratio(query, path))
    by_name = fuzz.WRatio(query, code.name.lower().replace("-", " "))
    by_description = (
        0.8 * fuzz.token_set_ratio(query, code.description.lower()) if code.description else 0.0
    )
    return max(by_path, by_name, by_description)


def rank_codes(
    query: str, codes: list[CodeDef], limit: int = 40, cutoff: float = 60.0
) -> list[CodeDef]:
    """Codes best matching `query`, ties in codebook order; every code for an empty query."""
    if not query.strip():
        return list(codes)
    scored = [(code_score(query, code), index) for index, code in enumerate(codes)]
    ranked = sorted(
        (item for item in scored if item[0] >= cutoff), key=lambda item: (-item[0], item[1])
    )
    return [codes[index] for _, index in ranked[:limit]]


class CodePicker(ModalScreen[tuple[str, bool] | None]):
    """Returns `(path, create)` or None. `enter` takes the highlighted code."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next", show=False, priority=True, id="picker.down"),
        Binding("up", "move(-1)", "Previous", show=False, priority=True, id="picker.up"),
    ]

    def __init__(
        self, codes: list[CodeDef], *, allow_create: bool = True, title: str = "Code"
    ) -> None:
        super().__init__()
        self.codes = codes
        self.allow_create = allow_create
        self.title_text = title
        self.code_colors = code_colors(codes)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            hint = "type to find a code" + (
                ", or a new name to create it" if self.allow_create else ""
            )
            yield Input(placeholder=hint, id="picker-input")
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#picker-input", Input).focus()

    @on(Input.Changed, "#picker-input")
    def _query_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, query: str) -> None:
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        ranked = rank_codes(query, self.codes)
        for code in ranked:
            label = Text.assemble(("■ ", self.code_colors[code.path]), (code.path, "bold"))
            if code.description:
                label.append("  " + short(code.description, 60), style="dim")
            options.add_option(Option(label, id=code.path))
        new = query.strip()
        if self.allow_create and new and new not in {c.path for c in self.codes}:
            options.add_option(
                Option(Text.assemble(("+ create code ", "italic"), (new, "bold")), id=CREATE + new)
            )
        if options.option_count:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Submitted, "#picker-input")
    def _submitted(self) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted).id or "")

    @on(OptionList.OptionSelected, "#picker-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id or "")

    def _choose(self, option_id: str) -> None:
        if not option_id.startswith(CREATE):
            self.dismiss((option_id, False))
            return
        try:
            path = normalise_path(option_id[len(CREATE) :])
        except ValueError as err:
            self.notify(str(err), severity="error")
            return
        self.dismiss((path, True))
