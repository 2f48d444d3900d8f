"""Themes: clusters of uncoded or coded passages suggested locally, to name and turn into codes."""

from __future__ import annotations

from themecoder.tui.screens.placeholder import PlaceholderScreen


class ThemesScreen(PlaceholderScreen):
    TITLE_TEXT = "Themes"
    PURPOSE = (
        "Groups of similar sentences or turns (TF-IDF on lemmas, clustering with a fixed seed), "
        "each labelled by its distinctive words and most central excerpts and matched to the "
        "nearest code of the codebook. Accept a theme to create a code and its codings."
    )
    MEANWHILE = (
        "Meanwhile: `themecoder suggest themes --format table` and `themecoder suggest codes`."
    )
