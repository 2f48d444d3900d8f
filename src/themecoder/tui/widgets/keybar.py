"""A one-line footer of the keys shown for the current focus (after the user's keymap).

Textual's `Footer` builds a widget per key and restyles them all whenever focus moves; on the
coding view that cost more than opening a long transcript, so this draws one line of text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """`key description` pairs of the bindings with `show=True`, then the palette key."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: 1; background: $footer-background;
        & > .keybar--key { color: $footer-key-foreground; text-style: bold; }
        & > .keybar--description { color: $footer-description-foreground; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._pairs: list[tuple[str, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        pairs = shown_keys(screen)
        if pairs != self._pairs:
            self._pairs = pairs
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        text_style = self.get_component_rich_style("keybar--description", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis")
        for key, description in self._pairs:
            line.append(f" {key} ", key_style)
            line.append(f"{description} ", text_style)
        return line


def shown_keys(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(key display, description) for each shown binding, once per action, in binding order."""
    seen: set[tuple[int, str]] = set()
    pairs: list[tuple[str, str]] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.show or not active.enabled or (id(active.node), binding.action) in seen:
            continue
        seen.add((id(active.node), binding.action))
        pairs.append((screen.app.get_key_display(binding), binding.description))
    palette = Binding(screen.app.COMMAND_PALETTE_BINDING, "command_palette")
    pairs.append((screen.app.get_key_display(palette), "All actions"))
    return pairs
