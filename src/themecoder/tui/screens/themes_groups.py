"""The Themes screen's "Code groups" tab: candidate themes built from codes, as a tree.

Each group shows its codes and its evidence: per pair of codes, the sentences and documents
they share and how alike their excerpts read, with the shared excerpts underneath. Accepting a
group makes its codes children of a new parent code (their codings follow); the groups are then
computed again, since the accepted and rejected ones are not suggested twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, Tree

from themecoder.core.errors import ThemecoderError
from themecoder.store.suggestion_decisions import default_group_parent
from themecoder.store.suggestion_model import GroupRun, SuggestedGroup
from themecoder.tui.colors import short

SHOWN_EXCERPTS = 5


def pair_label(evidence: dict[str, Any]) -> str:
    """`a + b: 3 shared sentences, 2 shared documents, excerpts alike 0.62`."""
    a, b = (c.rsplit("/", 1)[-1] for c in evidence["codes"])
    alike = evidence.get("excerpts_similarity")
    return (
        f"{a} + {b}: {evidence['shared_segments']} shared sentences, "
        f"{evidence['shared_documents']} shared documents"
        + (f", excerpts alike {alike:.2f}" if alike is not None else "")
    )


class GroupsPane(Vertical):
    """A tree of candidate code groups, computed in a thread worker with its own Project."""

    DEFAULT_CSS = """
    GroupsPane { height: 1fr; }
    #groups-summary { color: $text-muted; padding: 0 1; }
    #groups-tree { height: 1fr; }
    """

    @dataclass
    class Computed(Message):
        run: GroupRun

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.run: GroupRun | None = None

    def compose(self) -> ComposeResult:
        yield Label("Press f5 to group the codes.", id="groups-summary")
        tree: Tree[int] = Tree("Candidate themes", id="groups-tree")
        tree.show_root = False
        yield tree

    @property
    def groups_tree(self) -> Tree[int]:
        return self.query_one("#groups-tree", Tree)

    def compute(self) -> None:
        self.query_one("#groups-summary", Label).update("Grouping the codes…")
        self._compute()

    @work(thread=True, exclusive=True, exit_on_error=False, group="groups")
    def _compute(self) -> None:
        try:
            with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
                self.post_message(self.Computed(project.suggest_groups(coder=self.app.coder)))  # type: ignore[attr-defined]
        except ThemecoderError as err:
            self.post_message(self.Failed(str(err)))

    def on_groups_pane_computed(self, message: Computed) -> None:
        self.run = message.run
        count = len(self.run.groups)
        notes = "; ".join(self.run.notes)
        self.query_one("#groups-summary", Label).update(
            f"Run {self.run.run_id}: {count} candidate theme(s) from codes"
            + (f" · {notes}" if notes else "")
            + " · a: accept as parent code, m: move under a code, r: reject"
        )
        self._fill()

    def on_groups_pane_failed(self, message: Failed) -> None:
        self.run = None
        self.groups_tree.clear()
        self.query_one("#groups-summary", Label).update(f"Cannot group the codes: {message.error}")

    def _fill(self) -> None:
        tree = self.groups_tree
        tree.clear()
        assert self.run is not None
        for group in self.run.groups:
            node = tree.root.add(
                f"Group {group.id} · score {group.score:.2f} · {len(group.codes)} codes",
                data=group.id,
                expand=True,
            )
            for code in group.codes:
                node.add_leaf(f"■ {code}", data=group.id)
            evidence = node.add("evidence: pairs of codes", data=group.id, expand=True)
            for pair in group.evidence:
                branch = evidence.add(pair_label(pair), data=group.id)
                for excerpt in pair.get("shared_excerpts", [])[:SHOWN_EXCERPTS]:
                    branch.add_leaf(
                        f"{excerpt['doc']}: “{short(excerpt['text'], 70)}”", data=group.id
                    )
        tree.cursor_line = 0

    def highlighted(self) -> SuggestedGroup | None:
        node = self.groups_tree.cursor_node
        if self.run is None or node is None or node.data is None:
            return None
        return next((g for g in self.run.groups if g.id == node.data), None)

    def default_parent(self, group: SuggestedGroup) -> str:
        assert self.run is not None
        return default_group_parent(group, self.run.run_id)

    def accept(self, group: SuggestedGroup, parent: str) -> None:
        """Move the group's codes under `parent` (one write), then group the codes again."""
        assert self.run is not None
        run_id, coder = self.run.run_id, self.app.coder  # type: ignore[attr-defined]

        def done(result: Any) -> None:
            self.app.notify(
                f"Moved {len(result.moved)} code(s) under {result.code}; their codings followed."
            )
            self.compute()

        self.app.write(  # type: ignore[attr-defined]
            lambda p: p.accept_group(run_id, group.id, parent, decided_by=coder), done, what="group"
        )

    def reject(self, group: SuggestedGroup) -> None:
        assert self.run is not None
        run_id, coder = self.run.run_id, self.app.coder  # type: ignore[attr-defined]

        def done(_: object) -> None:
            assert self.run is not None
            self.run.groups = [g for g in self.run.groups if g.id != group.id]
            self._fill()
            self.app.notify(f"Rejected group {group.id}; it will not be suggested again.")

        self.app.write(  # type: ignore[attr-defined]
            lambda p: p.reject_group(run_id, group.id, decided_by=coder), done, what="rejection"
        )
