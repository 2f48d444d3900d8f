"""What the Themes screen shows of a theme run, without any widget: rows, passages in context,
a suggested path for a new code, the scopes to offer."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text

from themecoder.core.codebook import ancestors
from themecoder.core.model import CodeDef
from themecoder.store.suggestion_model import Excerpt, SuggestedTheme
from themecoder.tui.colors import short

BEFORE, AFTER = 24, 24  # characters of context around a member in the members table


def theme_cells(theme: SuggestedTheme) -> tuple[str, ...]:
    """(id, size, label, score, nearest code, status) of a theme's row."""
    code, score = theme.nearest_code or ("", None)
    status = (f"→ {theme.decided_code}" if theme.decision == "accepted"
              else "rejected" if theme.decision == "rejected" else "")
    return (str(theme.id), f"{theme.size:,}", theme.label,
            "" if score is None else f"{score:.2f}", code, status)


def passage_in_context(text: str, member: Excerpt, before: int = BEFORE, after: int = AFTER,
                       limit: int = 70) -> Text:
    """The member (bold, cut to `limit`) between dim context on one line."""
    left = " ".join(text[max(0, member.start - before):member.start].split())
    right = " ".join(text[member.end:member.end + after].split())
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(("…" + left + " ") if left else "", "dim")
    line.append(short(member.text, limit), "bold")
    line.append((" " + right + "…") if right else "", "dim")
    return line


def wide_context(text: str, member: Excerpt, reach: int = 300) -> Text:
    """The member with up to `reach` characters either side, wrapped, for the context pane."""
    start, end = max(0, member.start - reach), min(len(text), member.end + reach)
    out = Text()
    out.append(f"{member.doc}  [{member.start}-{member.end})\n", "bold underline")
    out.append(("…" if start else "") + text[start:member.start], "dim")
    out.append(text[member.start:member.end], "bold reverse")
    out.append(text[member.end:end] + ("…" if end < len(text) else ""), "dim")
    return out


def suggested_code_path(theme: SuggestedTheme) -> str:
    """`themes/<first keywords>` as the default path of a code made from a theme."""
    words = [re.sub(r"[^\w-]+", "", w.lower()) for w in theme.keywords[:3]]
    slug = "-".join(w for w in words if w) or f"theme-{theme.id}"
    return f"themes/{slug}"


def scope_options(codes: Iterable[CodeDef]) -> list[tuple[str, str]]:
    """(label, value) of the scopes: uncoded text, everything, and each code with excerpts."""
    codes = list(codes)
    used = {c.path for c in codes if c.count}
    used |= {a for path in list(used) for a in ancestors(path)}
    return [("uncoded text", "uncoded"), ("all text", "all")] + [
        (f"excerpts of {c.path}", f"code:{c.path}") for c in codes if c.path in used]
