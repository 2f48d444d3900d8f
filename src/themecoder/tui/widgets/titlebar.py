"""A one-line title: project file, the screen's subject and the coder, centred.

Textual's `Header` re-lays-out the whole screen whenever a title changes (it would cost a full
layout pass right after a long transcript is shown); this bar repaints only itself.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar { dock: top; height: 1; background: $panel; color: $foreground; text-align: center; }
    """

    def on_mount(self) -> None:
        self.watch(self.screen, "sub_title", self._changed, init=False)
        self.watch(self.app, "sub_title", self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def render(self) -> Text:
        parts = [self.app.title, self.screen.sub_title, self.app.sub_title]
        line = Text(no_wrap=True, overflow="ellipsis")
        for index, part in enumerate(p for p in parts if p):
            if index:
                line.append("  ·  ", style="dim")
            line.append(part, style="bold" if index == 0 else "")
        return line
