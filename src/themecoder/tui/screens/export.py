"""Export and triangulation: code frequencies, co-occurrence, codings, REFI-QDA, joint displays."""

from __future__ import annotations

from themecoder.tui.screens.placeholder import PlaceholderScreen


class ExportScreen(PlaceholderScreen):
    TITLE_TEXT = "Export and triangulation"
    PURPOSE = (
        "Frequency tables by document, case, coder or attribute; code co-occurrence; codings "
        "as CSV, JSON lines or Excel; the whole project as REFI-QDA (.qdpx); and a joint "
        "display of codes against survey variables."
    )
    MEANWHILE = (
        "Meanwhile: `themecoder export frequencies --by case -o table.csv`, "
        "`themecoder export qdpx -o study.qdpx`, `themecoder triangulate survey.csv --key id`."
    )
