"""The shortcuts that make theme suggestions fast give exactly (bit for bit) what the
straightforward computations give: word-piece ids by chunk, TF-IDF counted once, each distinct
code text embedded once, content terms looked up once per distinct word."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.test_themes_clustering import synthetic_corpus
from tests.core.test_themes_codes import CODE_TEXTS
from themecoder.core.themes import Embedder, nearest_codes, suggest_themes
from themecoder.core.themes.nearest import code_vectors
from themecoder.core.themes.static_vectors import load_wordllama, wordllama_available
from themecoder.core.themes.terms import NEGATIONS, _is_word, _lemmatiser, content_terms, stop_words
from themecoder.core.themes.word_pieces import SPACE, WordPieces, splits_at_chunks

needs_wordllama = pytest.mark.skipif(not wordllama_available(), reason="wordllama not installed")
TRICKY = [
    "",
    " ",
    "   ",
    "a",
    " leading and trailing ",
    "two  spaces   three",
    "tabs\tand\nnew lines\n\n",
    f"a literal {SPACE} piece{SPACE}{SPACE}here",
    "special <s> tokens </s> and <unk>",
    "<s>",
    "don\u2019t can't I'm",
    "émigré café naïve",
    "数据 データ 😀 🇮🇩",
    "x" * 300,
]
TEXT_CHARS = st.sampled_from(
    list("ab xyz  \t\n.,!'<>/su") + [SPACE, "é", "数", "😀", "<s>", "</s>"]
)


def _whole_text_ids(tokenizer, texts: list[str]) -> list[list[int]]:
    return [enc.ids for enc in tokenizer.encode_batch(texts, add_special_tokens=False)]


def _split(lengths: np.ndarray, flat: np.ndarray) -> list[list[int]]:
    return [p.tolist() for p in np.split(flat, np.cumsum(lengths)[:-1])] if len(lengths) else []


@needs_wordllama
def test_wordllama_tokenizer_is_tokenised_by_chunks() -> None:
    vectors = load_wordllama()
    assert splits_at_chunks(vectors.tokenizer)
    assert vectors.word_pieces is not None


@needs_wordllama
def test_chunk_ids_equal_whole_text_ids_on_tricky_texts() -> None:
    tokenizer = load_wordllama().tokenizer
    pieces = WordPieces(tokenizer)
    texts, _ = synthetic_corpus()
    texts = TRICKY + [t.lower() for t in texts] + texts
    assert _split(*pieces.arrays(texts)) == _whole_text_ids(tokenizer, texts)
    assert _split(*pieces.arrays(texts[::-1])) == _whole_text_ids(tokenizer, texts[::-1])  # cached


@needs_wordllama
@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(TEXT_CHARS, max_size=25).map("".join), max_size=6))
def test_chunk_ids_equal_whole_text_ids_on_any_text(texts: list[str]) -> None:
    tokenizer = load_wordllama().tokenizer
    pieces = WordPieces(tokenizer, cache_limit=20)  # small: the cache also starts afresh
    assert _split(*pieces.arrays(texts)) == _whole_text_ids(tokenizer, texts)
    assert _split(*pieces.arrays(texts)) == _whole_text_ids(tokenizer, texts)


@needs_wordllama
def test_threads_sharing_one_cache_get_the_right_ids() -> None:
    from concurrent.futures import ThreadPoolExecutor

    tokenizer = load_wordllama().tokenizer
    pieces = WordPieces(tokenizer, cache_limit=50)  # small: threads also start it afresh
    texts, _ = synthetic_corpus(per_topic=40)
    batches = [[f"{t} {i} w{i * j}" for j, t in enumerate(texts)] for i in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda batch: _split(*pieces.arrays(batch)), batches))
    assert got == [_whole_text_ids(tokenizer, batch) for batch in batches]


@needs_wordllama
def test_embedding_by_chunks_equals_embedding_whole_texts() -> None:
    from dataclasses import replace

    vectors = load_wordllama()
    texts = [t.lower() for t in synthetic_corpus()[0]] + TRICKY
    whole = replace(vectors, word_pieces=None)
    assert np.array_equal(vectors.embed(texts), whole.embed(texts))
    assert vectors.piece_ids(texts) == _whole_text_ids(vectors.tokenizer, texts)


def _tiny_bpe(merges: list[tuple[str, str]]):
    from tokenizers import Tokenizer, models, normalizers

    symbols = ["<unk>", SPACE, "a", "b"] + ["".join(pair) for pair in merges]
    vocab = {piece: i for i, piece in enumerate(dict.fromkeys(symbols))}
    tokenizer = Tokenizer(models.BPE(vocab, merges, unk_token="<unk>"))
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Prepend(SPACE), normalizers.Replace(" ", SPACE)]
    )
    return tokenizer


def test_a_vocabulary_joining_chunks_is_tokenised_whole() -> None:
    plain = _tiny_bpe([(SPACE, "a"), (SPACE, "b"), ("a", "b"), (SPACE, SPACE)])
    assert splits_at_chunks(plain)
    texts = ["a b", "ab  ba", " b a", "", "bab"]
    assert _split(*WordPieces(plain).arrays(texts)) == _whole_text_ids(plain, texts)
    crossing = _tiny_bpe([("a", SPACE), (SPACE, "a"), (SPACE, "b")])  # "a▁" joins two chunks
    assert not splits_at_chunks(crossing)
    assert WordPieces.for_tokenizer(crossing) is None
    forced = _split(*WordPieces(crossing).arrays(["a b"]))
    assert forced != _whole_text_ids(crossing, ["a b"])  # why the check is needed


def test_a_pre_tokenizer_or_other_normalizer_disables_chunks() -> None:
    from tokenizers import normalizers, pre_tokenizers

    tokenizer = _tiny_bpe([(SPACE, "a")])
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    assert not splits_at_chunks(tokenizer)
    tokenizer = _tiny_bpe([(SPACE, "a")])
    tokenizer.normalizer = normalizers.Lowercase()
    assert not splits_at_chunks(tokenizer)


@pytest.mark.parametrize("method", ["auto", "lsa", "wordllama"])
def test_fit_transform_equals_fit_then_transform(method: str) -> None:
    if method != "lsa" and not wordllama_available():
        pytest.skip("wordllama not installed")
    texts = synthetic_corpus(per_topic=80)[0]  # 240 texts: min_df=2
    together = Embedder(method, 5).fit_transform(texts)
    apart = Embedder(method, 5).fit(texts).transform(texts)
    assert together.dtype == apart.dtype == np.float32
    assert np.array_equal(together, apart)
    few = ["apple banana", "banana cherry"]  # too few words for an SVD: plain TF-IDF
    assert np.array_equal(
        Embedder("lsa").fit_transform(few), Embedder("lsa").fit(few).transform(few)
    )


def test_lsa_vectors_equal_tfidf_vectorizer_then_svd() -> None:
    """The word counts + TF-IDF weighting are scikit-learn's TfidfVectorizer, bit for bit."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = synthetic_corpus(per_topic=80)[0]
    others = [t.upper() + " and parking" for t in texts[:50]]
    tfidf = TfidfVectorizer(
        sublinear_tf=True, min_df=2, dtype=np.float32, token_pattern=r"(?u)\b[^\W\d_][^\W\d_]+\b"
    )
    matrix = tfidf.fit_transform(texts)
    dims = min(100, matrix.shape[1] - 1, matrix.shape[0] - 1)
    svd = TruncatedSVD(dims, random_state=3, n_iter=4).fit(matrix)

    def unit(m: np.ndarray) -> np.ndarray:
        m = np.asarray(m, dtype=np.float32)
        norms = np.linalg.norm(m, axis=1, keepdims=True)
        return m / np.where(norms > 0, norms, 1.0)

    embedder = Embedder("lsa", 3)
    assert np.array_equal(
        embedder.fit_transform(texts), unit(unit(svd.transform(tfidf.transform(texts))))
    )
    assert np.array_equal(
        embedder.transform(others), unit(unit(svd.transform(tfidf.transform(others))))
    )


@pytest.mark.parametrize("method", ["auto", "lsa"])
def test_code_vectors_equal_one_code_at_a_time(method: str) -> None:
    if method == "auto" and not wordllama_available():
        pytest.skip("wordllama not installed")
    texts = synthetic_corpus()[0]
    embedder = Embedder(method, 0).fit(texts)
    code_texts = dict(CODE_TEXTS) | {
        "Shared/Quotes": [texts[0], texts[1], texts[0], "  ", texts[2]],
        "Again/Quotes": [texts[1], texts[0], texts[0]],
        "Empty": ["", "   "],
    }
    paths, vectors = code_vectors(code_texts, embedder)
    assert code_vectors(code_texts, embedder, batch=2)[0] == paths
    assert np.array_equal(code_vectors(code_texts, embedder, batch=2)[1], vectors)
    expected_paths, rows = [], []
    for path, pieces in code_texts.items():
        pieces = [pieces] if isinstance(pieces, str) else [p for p in pieces if p and p.strip()]
        if pieces:
            mean = embedder.transform(pieces).mean(axis=0)
            expected_paths.append(path)
            rows.append(mean / float(np.linalg.norm(mean)))
    assert paths == expected_paths
    assert np.array_equal(vectors, np.vstack(rows).astype(np.float32))


def test_themes_name_the_nearest_code_as_computed_afterwards() -> None:
    texts = synthetic_corpus()[0]
    named = suggest_themes(texts, 3, seed=2, code_texts=CODE_TEXTS)
    after = nearest_codes(named.centroids, CODE_TEXTS, named.embedder)
    assert [t.nearest_code for t in named.themes] == [after[t.id] for t in named.themes]
    plain = suggest_themes(texts, 3, seed=2)
    assert [t.members for t in plain.themes] == [t.members for t in named.themes]
    assert np.array_equal(plain.centroids, named.centroids)


def _content_terms_word_by_word(
    texts: list[str], lang: str, keep: frozenset[str]
) -> list[list[str]]:
    tokenised = [
        [
            w.replace("\u2019", "'")
            for w in re.findall(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*", t.lower())
        ]
        for t in texts
    ]
    lemma = _lemmatiser(tokenised, lang)
    stops = stop_words(lang) - keep
    lemmas = [[lemma(w) for w in toks if _is_word(w) and w not in stops] for toks in tokenised]
    return [[w for w in toks if w not in stops] for toks in lemmas]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="aeiouxyz’' Wasn’tNoNEbes.2_", max_size=40), max_size=8))
def test_content_terms_equal_word_by_word(texts: list[str]) -> None:
    assert content_terms(texts, "en", keep=NEGATIONS) == _content_terms_word_by_word(
        texts, "en", NEGATIONS
    )


def test_content_terms_equal_word_by_word_on_a_corpus() -> None:
    texts = synthetic_corpus()[0] + ["Nothing was done; they weren’t listening, the nurses’ notes…"]
    for keep in (NEGATIONS, frozenset()):
        assert content_terms(texts, "en", keep) == _content_terms_word_by_word(texts, "en", keep)
