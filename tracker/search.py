"""Ranked, typo-tolerant search over recommendations.

Each word of the query is matched to the closest word of a recommendation (rapidfuzz's ratio, so
"deskng" finds "desking"); a recommendation scores the mean over the query's words, its title
counting a little more than its text and response.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils

from .models import Recommendation

WORD_CUTOFF = 60
BODY_WEIGHT = 0.9


def _words(text: str) -> set[str]:
    return set(utils.default_process(text).split())


def search(recs: list[Recommendation], words: str, limit: int = 10, cutoff: float = 70) -> list[Recommendation]:
    """Best matches first; nothing when no recommendation scores ``cutoff`` or more."""
    query = utils.default_process(words).split()
    if not query:
        return []
    titles = [_words(r.title) for r in recs]
    bodies = [_words(f"{r.text} {r.response}") for r in recs]
    vocabulary = set().union(*titles, *bodies) if recs else set()
    # Score every query word against the vocabulary once, not once per recommendation.
    close: list[dict[str, float]] = [
        {w: s for w, s, _ in process.extract(q, vocabulary, scorer=fuzz.ratio, limit=None, score_cutoff=WORD_CUTOFF)}
        for q in query
    ]

    def score(doc: set[str]) -> float:
        return sum(max((c[w] for w in doc if w in c), default=0.0) for c in close) / len(close)

    scored = [(max(score(t), BODY_WEIGHT * score(b)), i) for i, (t, b) in enumerate(zip(titles, bodies, strict=True))]
    ranked = sorted((s, i) for s, i in scored if s >= cutoff)
    ranked.sort(key=lambda si: (-si[0], recs[si[1]].review, recs[si[1]].number))
    return [recs[i] for _, i in ranked[:limit]]


def suggest(recs: list[Recommendation], typed: str, limit: int = 20) -> list[Recommendation]:
    """What a picker offers as someone types: an id ("R16", "16") in any review, a review's slug
    (or its start, "wilt"), then the words of titles and texts, best first, each at most once."""
    from .ids import normalise_id

    typed = (typed or "").strip()
    tokens = typed.lower().split()
    if not tokens:
        return recs[:limit]
    rec_id = normalise_id(tokens[-1])
    review = next((t for t in tokens if not normalise_id(t)), "")
    picked: list[Recommendation] = []
    if rec_id:
        picked += [r for r in recs if r.id == rec_id and r.review.startswith(review)]
    elif review:
        picked += [r for r in recs if r.review.startswith(review)]
    picked += search(recs, typed, limit=limit, cutoff=60)
    seen: set[str] = set()
    return [r for r in picked if not (r.key in seen or seen.add(r.key))][:limit]
