"""Theme and code suggestions, computed locally: no network, no download, seeded.

- `embed` / `Embedder`: segment vectors (static WordLlama vectors + LSA by default, LSA alone
  as the fallback that needs nothing beyond scikit-learn).
- `suggest_themes`: k-means themes with c-TF-IDF labels, a representative excerpt, and an
  automatic k with its reasons.
- `nearest_codes`: the closest codebook code of each theme.
- `group_codes`: candidate themes as groups of codes (co-occurrence + excerpt similarity).
- `CodeSuggester`: calibrated code scores for uncoded segments, with abstention.
- `quality`: NMI/ARI against gold labels, NPMI coherence and diversity of labels.
"""

from themecoder.core.themes.groups import CodeGroup, CodeGrouping, group_codes
from themecoder.core.themes.nearest import code_texts_of, nearest_codes
from themecoder.core.themes.represent import METHODS, Embedder, embed, resolve_method
from themecoder.core.themes.suggest_codes import CodeSuggester, CodeSuggestion
from themecoder.core.themes.suggest_themes import Theme, ThemeResult, suggest_themes

__all__ = [
    "METHODS",
    "CodeGroup",
    "CodeGrouping",
    "CodeSuggester",
    "CodeSuggestion",
    "Embedder",
    "Theme",
    "ThemeResult",
    "code_texts_of",
    "embed",
    "group_codes",
    "nearest_codes",
    "resolve_method",
    "suggest_themes",
]
