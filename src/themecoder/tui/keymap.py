"""Every key binding of the workbench, with a stable id so a user's keymap can rebind it.

Ids are `<where>.<what>` (`transcript.next`, `coding.apply-1`). A user config file's `[keymap]`
table maps ids to keys (comma-separated for several): `"coding.pick-code" = "ctrl+k"`.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

TRANSCRIPT_BINDINGS: list[BindingType] = [
    Binding("down,j", "cursor(1)", "Next sentence", show=False, id="transcript.next"),
    Binding("up,k", "cursor(-1)", "Previous sentence", show=False, id="transcript.previous"),
    Binding(
        "right_square_bracket",
        "turn(1)",
        "Next turn",
        key_display="]",
        show=False,
        id="transcript.next-turn",
    ),
    Binding(
        "left_square_bracket",
        "turn(-1)",
        "Previous turn",
        key_display="[",
        show=False,
        id="transcript.previous-turn",
    ),
    Binding("home", "first", "First sentence", show=False, id="transcript.first"),
    Binding("end", "last", "Last sentence", show=False, id="transcript.last"),
    Binding("pageup", "page(-1)", "Page up", show=False, id="transcript.page-up"),
    Binding("pagedown", "page(1)", "Page down", show=False, id="transcript.page-down"),
    Binding(
        "shift+down",
        "extend(1)",
        "Extend selection by a sentence",
        show=False,
        id="transcript.extend",
    ),
    Binding(
        "shift+up",
        "extend(-1)",
        "Shrink selection by a sentence",
        show=False,
        id="transcript.shrink",
    ),
    Binding(
        "shift+right",
        "extend_word(1)",
        "Extend selection by a word",
        show=False,
        id="transcript.extend-word",
    ),
    Binding(
        "shift+left",
        "extend_word(-1)",
        "Shrink selection by a word",
        show=False,
        id="transcript.shrink-word",
    ),
    Binding("v", "select_turn", "Select turn", show=False, id="transcript.select-turn"),
]

CODING_BINDINGS: list[BindingType] = [
    Binding("1", "apply_shortcut('1')", "Code", key_display="1-9", id="coding.apply-1"),
    *[
        Binding(
            str(n), f"apply_shortcut('{n}')", f"Apply code {n}", show=False, id=f"coding.apply-{n}"
        )
        for n in range(2, 10)
    ],
    Binding("c", "pick_code", "Pick code", id="coding.pick-code"),
    Binding(
        "full_stop", "repeat_code", "Repeat code", key_display=".", show=False, id="coding.repeat"
    ),
    Binding("x", "remove_coding", "Uncode", id="coding.remove"),
    Binding("m", "memo", "Memo", id="coding.memo"),
    Binding("u,ctrl+z", "undo", "Undo", id="coding.undo"),
    Binding("ctrl+y", "redo", "Redo", show=False, id="coding.redo"),
    Binding("slash", "find", "Find", key_display="/", id="coding.find"),
    Binding("n", "next_hit(1)", "Next hit", show=False, id="coding.next-hit"),
    Binding("N", "next_hit(-1)", "Previous hit", show=False, id="coding.previous-hit"),
    Binding("o", "cycle_coders", "Coders", id="coding.coders"),
    Binding("b", "browse_code", "Browse code", show=False, id="coding.browse"),
    Binding("s", "toggle_suggestions", "Suggestions", id="coding.suggestions"),
    # a and r act only while suggestions are shown; otherwise they stay free for code shortcuts
    Binding("a", "accept_suggestion", "Accept", id="coding.accept-suggestion"),
    Binding("r", "reject_suggestion", "Reject", id="coding.reject-suggestion"),
    Binding("S", "next_suggestion", "Next suggestion", show=False, id="coding.next-suggestion"),
    Binding("escape", "back", "Back", id="coding.back"),
]

HOME_BINDINGS: list[BindingType] = [
    Binding("enter", "open_document", "Open", show=False, id="home.open"),
    Binding("slash", "focus_filter", "Filter", key_display="/", id="home.filter"),
    Binding("b", "browse_code", "Browse code", id="home.browse"),
    Binding("t", "app.open_screen('themes')", "Themes", id="home.themes"),
    Binding("a", "app.open_screen('agreement')", "Agreement", id="home.agreement"),
    Binding("e", "app.open_screen('export')", "Export", id="home.export"),
    Binding("r", "reload", "Reload", show=False, id="home.reload"),
]

THEMES_BINDINGS: list[BindingType] = [
    Binding("f5", "run", "Run", id="themes.run"),
    Binding("a", "accept", "Accept as code", id="themes.accept"),
    Binding("m", "map", "Map to code", id="themes.map"),
    Binding("r", "reject", "Reject", id="themes.reject"),
    Binding("u,ctrl+z", "undo", "Undo", id="themes.undo"),
    Binding("ctrl+y", "redo", "Redo", show=False, id="themes.redo"),
    Binding("t", "show_tab('themes-pane')", "Themes", show=False, id="themes.themes-tab"),
    Binding("g", "show_tab('groups-pane')", "Code groups", id="themes.groups-tab"),
    Binding("escape", "app.pop_screen", "Back", id="themes.back"),
]

APP_BINDINGS: list[BindingType] = [
    Binding("q", "quit", "Quit", id="app.quit"),
    Binding("ctrl+f", "global_search", "Search all", show=False, id="app.search"),
    Binding("question_mark", "keys_help", "Keys", key_display="?", id="app.help"),
]

ALL_BINDINGS: list[Binding] = [
    b
    for b in (*APP_BINDINGS, *HOME_BINDINGS, *CODING_BINDINGS, *TRANSCRIPT_BINDINGS,
              *THEMES_BINDINGS)
    if isinstance(b, Binding)
]


def binding_ids() -> set[str]:
    """Every id a keymap may name."""
    return {b.id for b in ALL_BINDINGS if b.id}


def check_keymap(keymap: dict[str, object]) -> tuple[dict[str, str], list[str]]:
    """Keep the entries of a user keymap that name a known binding with a key string.

    Returns the usable keymap and one warning per entry left out.
    """
    known = binding_ids()
    usable: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            warnings.append(f"keymap: unknown binding id '{binding_id}'")
        elif not isinstance(keys, str) or not keys.strip():
            warnings.append(f"keymap: '{binding_id}' needs a key string such as \"ctrl+k\"")
        else:
            usable[binding_id] = keys.replace(" ", "")
    return usable, warnings
