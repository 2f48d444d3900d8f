"""Home: the project's documents (filterable) and its codebook; `enter` opens a document."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Tree
from textual.widgets.tree import TreeNode

from themecoder.tui.colors import code_colors
from themecoder.tui.home_data import DocumentRow, HomeData, filter_rows, load_home_data
from themecoder.tui.keymap import HOME_BINDINGS
from themecoder.tui.widgets.keybar import KeyBar
from themecoder.tui.widgets.row_table import Cell, Column, RowTable
from themecoder.tui.widgets.titlebar import TitleBar

COLUMNS = (
    Column("Document"),
    Column("Kind"),
    Column("Case"),
    Column("Words", "right"),
    Column("Turns", "right"),
    Column("Codings", "right"),
    Column("Coded", "right"),
)


class HomeScreen(Screen[None]):
    """Documents on the left, codebook tree on the right."""

    BINDINGS = HOME_BINDINGS

    @dataclass
    class Loaded(Message):
        data: HomeData

    def __init__(self) -> None:
        super().__init__()
        self.data: HomeData | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="home-body"):
            with Vertical(id="documents-pane"):
                yield Input(
                    placeholder="filter: words, kind:interview, case:P03, region=north",
                    id="doc-filter",
                )
                yield RowTable(COLUMNS, id="documents")
                yield Label("Loading documents…", id="documents-summary")
            with Vertical(id="codebook-pane"):
                yield Label("Codebook", id="codebook-title")
                yield Tree("codebook", id="codebook-tree")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#codebook-tree", Tree).show_root = False
        self.query_one("#documents", RowTable).focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home")
    def load(self) -> None:
        """Read the documents and codebook in a worker (a large project takes a moment)."""
        with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
            self.post_message(self.Loaded(load_home_data(project)))

    def on_home_screen_loaded(self, message: Loaded) -> None:
        self.data = message.data
        self._fill_documents()
        self._fill_codebook()

    def _fill_documents(self) -> None:
        assert self.data is not None
        query = self.query_one("#doc-filter", Input).value
        rows = filter_rows(self.data.documents, query)
        table = self.query_one("#documents", RowTable)
        table.set_rows([_cells(row) for row in rows], [str(row.id) for row in rows])
        total = len(self.data.documents)
        summary = f"{len(rows)} of {total} documents" if query else f"{total} documents"
        if not total:
            summary = "No documents yet: add some with `themecoder import FILES`, then reopen."
        self.query_one("#documents-summary", Label).update(summary)

    def _fill_codebook(self) -> None:
        assert self.data is not None
        tree: Tree[str] = self.query_one("#codebook-tree", Tree)
        tree.clear()
        colors = code_colors(self.data.codes)
        keys = {path: key for key, path in self.data.shortcuts.items()}
        nodes: dict[str | None, TreeNode[str]] = {}
        for code in self.data.codes:
            label = Text.assemble(
                ("■ ", colors[code.path]),
                (f"{keys[code.path]} " if code.path in keys else "  ", "bold"),
                code.name,
                (f"  {code.count:,}" if code.count else "", "dim"),
            )
            parent = nodes.get(code.parent, tree.root)
            nodes[code.path] = parent.add(label, data=code.path, expand=True, allow_expand=False)
        tree.auto_expand = False
        if self.data.codes:
            tree.cursor_line = 0
        else:
            tree.root.add_leaf(
                Text("No codes yet: import a codebook, or press c while coding.", "italic")
            )
        title = f"Codebook ({len(self.data.codes)} codes)"
        if not any(c.shortcut for c in self.data.codes) and self.data.codes:
            title += " · 1-9: leaf codes"
        self.query_one("#codebook-title", Label).update(title)

    @on(Input.Changed, "#doc-filter")
    def _filter_changed(self) -> None:
        if self.data is not None:
            self._fill_documents()
            self.query_one("#documents", RowTable).move_cursor(0)  # on the first match

    @on(Input.Submitted, "#doc-filter")
    def _filter_done(self) -> None:
        self.query_one("#documents", RowTable).focus()

    @on(RowTable.RowSelected, "#documents")
    def _row_chosen(self, event: RowTable.RowSelected) -> None:
        self._open(int(event.key))

    @on(Tree.NodeSelected, "#codebook-tree")
    def _code_chosen(self, event: Tree.NodeSelected[str]) -> None:
        if event.node.data:
            self.app.open_code_browser(event.node.data)  # type: ignore[attr-defined]

    def action_open_document(self) -> None:
        key = self.query_one("#documents", RowTable).cursor_key
        if key is not None:
            self._open(int(key))

    def _open(self, doc_id: int) -> None:
        names = {row.id: row.name for row in self.data.documents} if self.data else {}
        self.app.open_document(doc_id, name=names.get(doc_id, ""))  # type: ignore[attr-defined]

    def action_focus_filter(self) -> None:
        self.query_one("#doc-filter", Input).focus()

    def action_browse_code(self) -> None:
        tree: Tree[str] = self.query_one("#codebook-tree", Tree)
        node = tree.cursor_node
        if node is not None and node.data and tree.has_focus:
            self.app.open_code_browser(node.data)  # type: ignore[attr-defined]
        else:
            self.app.pick_code_to_browse()  # type: ignore[attr-defined]

    def action_reload(self) -> None:
        self.load()

    def key_escape(self) -> None:
        if self.query_one("#doc-filter", Input).has_focus:
            self.query_one("#documents", RowTable).focus()


def _cells(row: DocumentRow) -> tuple[Cell, ...]:
    percent = round(row.coded * 100)
    style = "green" if percent >= 80 else "yellow" if percent >= 20 else "dim"
    return (
        row.name,
        row.kind,
        row.case,
        f"{row.words:,}",
        str(row.turns),
        str(row.codings),
        (f"{percent}%", style),
    )
