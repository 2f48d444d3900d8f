"""Static word-piece vectors shipped inside an installed package: no download, ever.

The default is the 256-dimensional WordLlama model (`l2_supercat_256`) that the PyPI wheel of
`wordllama` carries under `wordllama/weights/` with its tokenizer under `wordllama/tokenizers/`.
Only the two files are read (with `safetensors` and `tokenizers`, both installed with it):
`wordllama`'s own loader is not used, because it falls back to fetching files from a model hub
when a path does not resolve, and this module must never touch the network.

A text's vector is the mean of its word-piece vectors (punctuation-only pieces left out unless
the text has nothing else), as WordLlama itself pools. Texts are tokenised through a cache of
their space-delimited chunks when the tokenizer allows it (`word_pieces`: the same ids).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from themecoder.core.themes.word_pieces import WordPieces

WORDLLAMA_WEIGHTS = "weights/l2_supercat_256.safetensors"
WORDLLAMA_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
_BATCH = 2048  # texts per pooling batch: bounds memory at ~batch x pieces x 256 floats


@dataclass(frozen=True)
class StaticVectors:
    """A word-piece table (`vectors`, one row per piece id) and its tokenizer."""

    name: str
    vectors: np.ndarray  # float32, (n_pieces, dim)
    piece_weight: np.ndarray  # float32, (n_pieces,): 0 for punctuation-only pieces, else 1
    tokenizer: object  # tokenizers.Tokenizer
    word_pieces: WordPieces | None = field(default=None, compare=False, repr=False)

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def piece_ids(self, texts: list[str]) -> list[list[int]]:
        """Word-piece ids of each text (no special tokens)."""
        lengths, flat = self._piece_arrays(texts)
        return [part.tolist() for part in np.split(flat, np.cumsum(lengths)[:-1])] if texts else []

    def embed(self, texts: list[str]) -> np.ndarray:
        """Mean piece vector of each text, float32 (n, dim); a text with no pieces gets zeros."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for lo in range(0, len(texts), _BATCH):
            out[lo : lo + _BATCH] = self._pool(*self._piece_arrays(texts[lo : lo + _BATCH]))
        return out

    def _piece_arrays(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(pieces per text, all piece ids in order): through the chunk cache when the
        tokenizer allows it (same ids, see `word_pieces`), else text by text."""
        if self.word_pieces is not None:
            return self.word_pieces.arrays(texts)
        tokenizer: Any = self.tokenizer
        ids = [enc.ids for enc in tokenizer.encode_batch(texts, add_special_tokens=False)]
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
        return lengths, flat

    def _pool(self, lengths: np.ndarray, flat: np.ndarray) -> np.ndarray:
        """Weighted mean pooling of a batch as one sparse (texts x pieces) product."""
        from scipy.sparse import csr_matrix

        n_texts = len(lengths)
        flat = np.clip(flat, 0, len(self.vectors) - 1)
        weight = self.piece_weight[flat].copy()
        owner = np.repeat(np.arange(n_texts), lengths)
        total = np.bincount(owner, weights=weight, minlength=n_texts)
        weight[(total == 0)[owner]] = 1.0  # a text of punctuation only keeps all its pieces
        total = np.bincount(owner, weights=weight, minlength=n_texts)
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        pieces = csr_matrix((weight, flat, indptr), shape=(n_texts, len(self.vectors)))
        sums = np.asarray(pieces @ self.vectors, dtype=np.float32)
        return sums / np.maximum(total, 1e-9)[:, None].astype(np.float32)


def package_dir(package: str) -> Path | None:
    """The directory of an installed package, found without importing it (None if absent)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def wordllama_available() -> bool:
    """True when the WordLlama weights, tokenizer and their readers are installed."""
    root = package_dir("wordllama")
    if root is None or not (root / WORDLLAMA_WEIGHTS).is_file():
        return False
    if not (root / WORDLLAMA_TOKENIZER).is_file():
        return False
    return all(package_dir(p) is not None for p in ("tokenizers", "safetensors"))


@lru_cache(maxsize=1)
def load_wordllama() -> StaticVectors:
    """Load WordLlama's 256-d piece vectors and tokenizer from the installed wheel (cached)."""
    from safetensors import safe_open
    from tokenizers import Tokenizer

    root = package_dir("wordllama")
    if root is None:
        raise ModuleNotFoundError("wordllama is not installed")
    with safe_open(str(root / WORDLLAMA_WEIGHTS), framework="np") as weights:
        vectors = np.ascontiguousarray(weights.get_tensor("embedding.weight"), dtype=np.float32)
    tokenizer = Tokenizer.from_file(str(root / WORDLLAMA_TOKENIZER))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return StaticVectors(
        "wordllama-l2_supercat-256",
        vectors,
        _piece_weights(tokenizer, len(vectors)),
        tokenizer,
        WordPieces.for_tokenizer(tokenizer),
    )


def _piece_weights(tokenizer: Any, n_pieces: int) -> np.ndarray:
    """1 for pieces with a letter or digit, 0 for punctuation/whitespace-only pieces."""
    weight = np.ones(n_pieces, dtype=np.float32)
    for piece, index in tokenizer.get_vocab().items():
        if index < n_pieces and not any(ch.isalnum() for ch in piece.replace("\u2581", "")):
            weight[index] = 0.0
    return weight
