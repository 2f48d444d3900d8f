"""Words for labels and keywords: lowercased, lemmatised where a lemma table is installed, stop
words and numbers left out.

Lemmas come from the English lookup table of `spacy-lookups-data` (read directly from its data
directory; loading it through spaCy's registry is ~30x slower). Without that package, plural
nouns are folded onto their singular when the singular occurs in the same corpus.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from themecoder.core.themes.static_vectors import package_dir

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# words kept although common stop-word lists drop them: in feedback they carry the meaning
_ENGLISH_EXTRA = frozenset(
    {
        "n't",
        "nt",
        "ve",
        "ll",
        "re",
        "don",
        "didn",
        "doesn",
        "isn",
        "wasn",
        "im",
        "i'm",
        "i've",
        "it's",
        "don't",
        "didn't",
        "can't",
        "won't",
        "wasn't",
        "doesn't",
        "isn't",
        "got",
        "get",
        "just",
        "really",
        "also",
        "would",
        "could",
        "make",
        "bit",
        "lot",
        "thing",
        "way",
        "yes",
        "ok",
        "okay",
    }
)
NEGATIONS = frozenset({"nothing", "no", "none", "never", "nobody", "everything", "anything"})


@lru_cache(maxsize=4)
def stop_words(lang: str = "en") -> frozenset[str]:
    """Stop words of `lang`: scikit-learn's list for English (no spaCy import needed), else
    spaCy's list for the language."""
    if lang == "en":
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        words = set(ENGLISH_STOP_WORDS) | _ENGLISH_EXTRA
    else:
        from spacy.util import get_lang_class

        words = set(get_lang_class(lang).Defaults.stop_words)
    return frozenset(w.replace("\u2019", "'") for w in words)


@lru_cache(maxsize=4)
def lemma_table(lang: str = "en") -> dict[str, str]:
    """The lookup lemma table of `lang` from spacy-lookups-data, or {} when not installed."""
    root = package_dir("spacy_lookups_data")
    path = root / "data" / f"{lang}_lemma_lookup.json.gz" if root else None
    if path is None or not path.is_file():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return dict(json.load(handle))


def words(text: str) -> list[str]:
    """Lowercased words of a text (letters, inner apostrophes), curly quotes made straight."""
    # the pattern treats ' and \u2019 alike and matches neither alone: replacing first is the same
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def content_terms(
    texts: Iterable[str], lang: str = "en", keep: frozenset[str] = frozenset()
) -> list[list[str]]:
    """Per text: its content words as lemmas (stop words, 1-letter words left out, `keep` kept)."""
    tokenised = [words(t) for t in texts]
    lemma = _lemmatiser(tokenised, lang)
    stops = stop_words(lang) - keep
    term_of: dict[str, str | None] = {}  # each distinct word is looked at once
    for word in set().union(*tokenised):
        term = lemma(word) if _is_word(word) and word not in stops else None
        term_of[word] = None if term in stops else term  # "was" -> "be" is a stop word
    return [[t for t in map(term_of.__getitem__, toks) if t is not None] for toks in tokenised]


def _is_word(word: str) -> bool:
    """Two letters or more, and not one letter repeated ("xxxx" is how names are redacted)."""
    return len(word) > 1 and len(set(word)) > 1


def _lemmatiser(tokenised: list[list[str]], lang: str) -> Callable[[str], str]:
    """A cached word -> lemma function: the lookup table, else plural folding on this corpus."""
    table = lemma_table(lang)
    if table:
        return lambda w: table.get(w, w)
    vocab = {w for toks in tokenised for w in toks}
    folded = {
        w: w[:-1] for w in vocab if w.endswith("s") and not w.endswith("ss") and w[:-1] in vocab
    }
    return lambda w: folded.get(w, w)
