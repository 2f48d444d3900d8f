"""Theme, code-group and code suggestions over the project, computed locally and recorded.

`Project.suggest_themes`, `suggest_groups` and `suggest_codes` gather their input from the
project, call `core.themes`, and store the run (method, every parameter, results) in one
transaction, so the CLI, the TUI and Python users get the same results and the same record.
Accepting and rejecting are in `suggestion_decisions`; reading runs back in `suggestion_records`.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

from themecoder.core.codebook import ancestors
from themecoder.core.errors import InputError, NotFoundError
from themecoder.store.suggestion_decisions import SuggestionDecisions
from themecoder.store.suggestion_inputs import Spans, SuggestionInputs
from themecoder.store.suggestion_model import (
    CodeRun,
    Excerpt,
    GroupRun,
    Progress,
    SuggestedCode,
    SuggestedGroup,
    SuggestedTheme,
    ThemeRun,
    no_progress,
)
from themecoder.store.suggestion_records import SuggestionRecords

if TYPE_CHECKING:  # core.themes loads numpy, scikit-learn and spaCy: imported where used
    from themecoder.core.themes import CodeSuggester, ThemeResult

DEFAULT_TOP = 10
DEFAULT_MIN_SCORE = 0.5
NO_CODE = "(no code)"  # the class of sentences coders read and left uncoded


class SuggestionStore(SuggestionInputs, SuggestionRecords, SuggestionDecisions):
    def suggest_themes(self, *, unit: str = "sentence", scope: str = "uncoded",
                       k: int | str = "auto", seed: int = 0, method: str = "auto", coder: str,
                       skip_speakers: Sequence[str] | None = None,
                       progress: Progress = no_progress) -> ThemeRun:
        """Cluster the segments of `unit` in `scope` into `k` themes (or an automatic k), label
        them, name each one's nearest code, and record the run. The turns of `skip_speakers`
        (default: interviewers; empty: nobody) are left out, and the run's parameters say so.
        Raises InputError (nothing written) for an empty scope, fewer segments than k, a code
        without excerpts."""
        from themecoder.core.themes import suggest_themes as cluster_themes

        progress("reading the segments", 0.0)
        segments, left_out = self.segments_and_speakers(unit, scope, None, skip_speakers)
        if not segments:
            skipped = left_out["left_out_segments"]
            but = f" but {skipped:,} left out by speaker (--all-speakers keeps them)" if skipped else ""
            raise InputError(f"--scope {scope}: no {unit}s in scope{but}, nothing to cluster")
        progress(f"clustering {len(segments):,} {unit}s", 0.1)
        with _quiet():
            result = cluster_themes([s.text for s in segments], _parse_k(k), seed, method,
                                    lang=self.scope_language())
        progress("finding the nearest codes", 0.85)
        nearest = self._nearest_codes(result, scope)
        themes = [SuggestedTheme(t.id, t.label, t.keywords, [segments[i] for i in t.members],
                                 nearest[t.id], segments[t.representative]) for t in result.themes]
        params = result.params | {"unit": unit, "scope": scope, "segments": len(segments),
                                  "requested_method": method, "k_scores": result.k_scores} | left_out
        progress("saving the run", 0.95)
        with self.transaction():  # type: ignore[attr-defined]
            run_id = self._new_run("themes", coder, params, unit=unit, scope=scope, k=result.k,
                                   seed=seed, method=str(result.params["method"]),
                                   k_reason=result.k_reason)
            self._save_themes(run_id, themes)
        progress("done", 1.0)
        return ThemeRun(run_id, unit, scope, result.k, seed, str(result.params["method"]), themes,
                        params, result.k_reason, coder=coder)

    def _nearest_codes(self, result: ThemeResult, scope: str) -> list[tuple[str, float] | None]:
        from themecoder.core.themes import nearest_codes

        exclude: set[str] = set()
        if scope.startswith("code:"):  # its sub-themes would all be nearest to the code itself
            path = self.code(scope[len("code:"):].strip()).path  # type: ignore[attr-defined]
            exclude = {path, *ancestors(path)}
        if result.embedder is None:
            return [None] * len(result.centroids)
        return nearest_codes(result.centroids, self.code_texts(exclude), result.embedder)

    def suggest_groups(self, *, coders: Sequence[str] | None = None, coder: str,
                       progress: Progress = no_progress) -> GroupRun:
        """Candidate themes as groups of codes (co-occurrence over sentences and documents, and
        how alike their excerpts are); groups accepted or rejected before are left out."""
        from themecoder.core.themes import group_codes

        chosen = self._learning_coders(coders)
        segments, documents, sentences = self.code_overlaps(chosen)
        texts = {p: t for p, t in self.code_texts().items() if p in segments}
        progress(f"grouping {len(segments)} codes", 0.2)
        with _quiet():
            grouping = group_codes(segments, documents, texts)
        decided = self.decided_groups()
        ids = {c.path: c.id or 0 for c in self.codes()}  # type: ignore[attr-defined]
        kept = [g for g in grouping.groups if tuple(sorted(ids[c] for c in g.codes)) not in decided]
        groups = [SuggestedGroup(n, g.codes, g.score, self._evidence(g.evidence, sentences))
                  for n, g in enumerate(kept)]
        notes = [f"{len(grouping.groups) - len(kept)} group(s) decided before are not shown"] if (
            len(kept) < len(grouping.groups)) else []
        params = grouping.params | {"coders": chosen, "codes": len(grouping.codes)}
        with self.transaction():  # type: ignore[attr-defined]
            run_id = self._new_run("groups", coder, params, unit="sentence", notes=notes)
            self._save_groups(run_id, groups)
        return GroupRun(run_id, groups, params, notes)

    def _evidence(self, evidence: list[dict[str, Any]], sentences: Spans) -> list[dict[str, Any]]:
        """The core's evidence with shared sentences as excerpts (doc, start, end, text)."""
        out = []
        for row in evidence:
            shared: Spans = {}
            for doc_id, index in row.get("segment_ids", []):
                shared.setdefault(doc_id, []).append(sentences[doc_id][index])
            excerpts = [x.to_dict() for x in self.excerpts_of(shared)]
            out.append({k: v for k, v in row.items() if k != "segment_ids"}
                       | {"shared_excerpts": excerpts})
        return out

    def suggest_codes(self, *, docs: Sequence[str | int] | None = None,
                      coders: Sequence[str] | None = None, top: int | None = DEFAULT_TOP,
                      min_score: float = DEFAULT_MIN_SCORE, seed: int = 0, method: str = "auto",
                      learn_uncoded: bool = True, coder: str,
                      skip_speakers: Sequence[str] | None = None,
                      progress: Progress = no_progress) -> CodeRun:
        """Learn from the codings of `coders` (default: every human coder) and the codes'
        descriptions and examples; score the uncoded sentences (of `docs`, default all). One row
        per (sentence, code) at or above `min_score`, at most `top` per code, best first.

        With `learn_uncoded`, the sentences the coders left uncoded in the documents they coded
        are examples of "no code", so a sentence like none of the codes gets no suggestion
        (on the sample study this raised precision from 0.16 to 0.72, leave-one-document-out).
        The sentences of `skip_speakers` (default: interviewers; empty: nobody) get no suggestion.
        Raises InputError when there are no codings to learn from."""
        from themecoder.core.themes import CodeSuggester

        chosen = self._learning_coders(coders)
        codings = self.codings(coder=chosen)  # type: ignore[attr-defined]
        if not codings:
            raise InputError("suggest codes: the project has no codings to learn from")
        examples = [(c.text, c.code) for c in codings]
        if learn_uncoded:
            examples += [(x.text, NO_CODE) for x in self.uncoded_in_coded_documents(chosen)]
        candidates, left_out = self.segments_and_speakers("sentence", "uncoded", docs, skip_speakers)
        progress(f"learning from {len(examples):,} examples", 0.1)
        suggester = CodeSuggester(method, seed)
        with _quiet():
            suggester.fit(examples, self._code_examples(), corpus=[x.text for x in candidates])
            progress(f"scoring {len(candidates):,} uncoded sentences", 0.5)
            predictions = suggester.predict([x.text for x in candidates]) if candidates else []
        rows = self._code_rows(candidates, predictions, min_score, top)
        params = suggester.params() | {
            "coders": chosen, "docs": [str(d) for d in docs or []], "top": top,
            "min_score": min_score, "codings": len(codings), "candidates": len(candidates),
            "learn_uncoded": learn_uncoded, "no_code_examples": len(examples) - len(codings),
            "unit": "sentence"} | left_out
        notes = _code_notes(suggester, predictions)
        with self.transaction():  # type: ignore[attr-defined]
            run_id = self._new_run("codes", coder, params, unit="sentence", scope="uncoded",
                                   seed=seed, method=str(params.get("method")), notes=notes)
            self._save_code_suggestions(run_id, rows)
        return CodeRun(run_id, rows, notes, params)

    def _code_rows(self, candidates: list[Excerpt], predictions: list[Any], min_score: float,
                   top: int | None) -> list[SuggestedCode]:
        """The suggestions to show: a real code, at or above `min_score`, not rejected before."""
        rejected = self.rejected_code_passages()
        rows = [SuggestedCode(0, x, p.code, round(p.score, 4))
                for x, p in zip(candidates, predictions, strict=True)
                if p.code not in (None, NO_CODE) and p.score >= min_score
                and (x.doc_id, x.start, x.end, p.code) not in rejected]
        return _best_per_code(rows, top)

    def _code_examples(self) -> dict[str, list[str]]:
        return {c.path: [t for t in (c.description, c.include, *c.examples) if t and t.strip()]
                for c in self.codes()}  # type: ignore[attr-defined]

    def _learning_coders(self, coders: Sequence[str] | None) -> list[str]:
        known = self.coders()  # type: ignore[attr-defined]
        if not coders:
            return self.human_coders()  # type: ignore[attr-defined, no-any-return]
        for name in coders:
            if name not in known:
                raise NotFoundError(f"--coder {name}: no codings by this coder "
                                    f"(coders: {', '.join(known) or 'none yet'})")
        return list(dict.fromkeys(coders))


def _code_notes(suggester: CodeSuggester, predictions: list[Any]) -> list[str]:
    notes = [n.replace(NO_CODE, "sentences left uncoded ('no code')") for n in suggester.notes]
    abstained = sum(p.abstained for p in predictions)
    if abstained:
        notes.append(f"{abstained} sentence(s) left without a suggestion: their two best codes "
                     f"were within {suggester.margin}")
    return notes


def _parse_k(k: int | str) -> int | Literal["auto"]:
    if k == "auto":
        return "auto"
    if isinstance(k, int):
        return k
    try:
        return int(str(k).strip())
    except ValueError:
        raise InputError(f"--k {k}: must be a whole number >= 1 or 'auto'") from None


def _best_per_code(rows: list[SuggestedCode], top: int | None) -> list[SuggestedCode]:
    """At most `top` rows per code (the best), all rows best first."""
    ordered = sorted(rows, key=lambda r: (-r.score, r.excerpt.doc_id, r.excerpt.start, r.code))
    if top is None:
        return ordered
    taken: dict[str, int] = {}
    kept = []
    for row in ordered:
        if taken.get(row.code, 0) < top:
            taken[row.code] = taken.get(row.code, 0) + 1
            kept.append(row)
    return kept


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """One thread for the numeric libraries, and no convergence warnings.

    k-means with 2 OpenMP + 2 BLAS threads on a busy 2-core machine (a TUI, another process)
    measured 5-10x slower than with one thread; the runtimes are loaded first, because
    threadpoolctl only limits libraries already loaded. scikit-learn's convergence warnings
    (k-means on duplicate texts) are not the user's business.
    """
    import sklearn.cluster  # loads the OpenMP runtime k-means uses
    import sklearn.linear_model  # noqa: F401
    from sklearn.exceptions import ConvergenceWarning
    from threadpoolctl import threadpool_limits

    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield
