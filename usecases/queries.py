"""Read-side questions the commands ask of the store, with helpful not-found messages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from storage.port import StorePort
from tracker import decisions, rag, signoff
from tracker import status as statuses
from tracker.errors import NotFound
from tracker.ids import nearest_ids, nearest_words
from tracker.models import Recommendation, Review


@dataclass
class Found:
    rec: Recommendation
    review: Review


@dataclass
class Choice:
    """The id exists in several reviews: the user picks one."""

    rec_id: str
    options: list[Found]


def review_or_fail(store: StorePort, slug: str) -> Review:
    review = store.review(slug)
    if review is None:
        slugs = [r.slug for r in store.reviews()]
        near = nearest_words(slug, slugs)
        hint = f" Did you mean {', '.join(f'`{s}`' for s in near)}?" if near else ""
        known = f" Reviews: {', '.join(f'`{s}`' for s in slugs)}." if slugs and not near else ""
        if not slugs:
            known = " Nothing has been imported yet: `recbot import PAPER.txt`."
        raise NotFound(f"There is no review `{slug}`.{hint}{known}")
    return review


def lookup(store: StorePort, review_slug: str | None, rec_id: str) -> Found | Choice:
    """Find a recommendation by id, in one review or across all of them."""
    if review_slug:
        review = review_or_fail(store, review_slug)
        rec = store.get(review.slug, rec_id)
        if rec is None:
            raise NotFound(_missing(rec_id, review.slug, store.ids(review.slug)))
        return Found(rec, review)
    matches = store.find(rec_id)
    if len(matches) == 1:
        return Found(matches[0], store.review(matches[0].review))
    if matches:
        reviews = {r.slug: r for r in store.reviews()}
        options = [Found(m, reviews[m.review]) for m in matches]
        options.sort(key=lambda f: (f.review.date is None, f.review.date), reverse=True)
        return Choice(rec_id, options)
    reviews = store.reviews()
    if not reviews:
        raise NotFound(f"There is no {rec_id}: nothing has been imported yet (`recbot import PAPER.txt`).")
    if len(reviews) == 1:
        raise NotFound(_missing(rec_id, reviews[0].slug, store.ids(reviews[0].slug)))
    names = ", ".join(f"`{r.slug}`" for r in reviews)
    raise NotFound(f"There is no {rec_id} in any review ({names}). `/rec list REVIEW` shows what each holds.")


def _missing(rec_id: str, slug: str, ids: list[str]) -> str:
    near = nearest_ids(rec_id, ids)
    hint = f" Nearest: {', '.join(near)}." if near else ""
    return f"There is no {rec_id} in `{slug}`.{hint}"


@dataclass
class ReviewSummary:
    review: Review
    total: int
    by_status: Counter


def review_summaries(store: StorePort) -> list[ReviewSummary]:
    """Every review with its count of recommendations by status."""
    out = []
    for review in store.reviews():
        recs = store.recommendations(review.slug)
        out.append(ReviewSummary(review, len(recs), Counter(r.status or "unset" for r in recs)))
    return out


def filter_recs(recs: list[Recommendation], cmd, user: str, today: date, rules: rag.Rules) -> tuple[list, str]:
    """Apply a ``/rec list`` filter; returns the matches and a few words saying what they are."""
    if cmd.filter == "status":
        return [r for r in recs if r.status == cmd.status], statuses.label(cmd.status).lower()
    if cmd.filter == "unset":
        return [r for r in recs if not r.status], "status not set"
    if cmd.filter == "decision":
        return [r for r in recs if r.decision == cmd.decision], f"decision: {decisions.label(cmd.decision).lower()}"
    if cmd.filter in ("red", "amber", "green"):
        return [r for r in recs if rag.rating(r, today, rules) == cmd.filter], cmd.filter
    if cmd.filter == "revised":
        return [r for r in recs if any(m.revised_from for m in r.milestones)], "with revised target dates"
    if cmd.filter == "closed":
        return [r for r in recs if r.signed_off], "signed off by the committee"
    if cmd.filter == "proposed":
        return [r for r in recs if signoff.state(r) == signoff.PROPOSED], "proposed for closure"
    if cmd.filter == "mine":
        return [r for r in recs if user and any(o.slack_user == user for o in r.owners)], "yours"
    if cmd.filter == "owner":
        return [r for r in recs if any(o.slack_user == cmd.user for o in r.owners)], f"owned by {cmd.user}"
    if cmd.filter == "owner_name":
        wanted = " ".join(cmd.args.lower().split())
        named = [r for r in recs if any(wanted in f"{o.name} {o.role}".lower() for o in r.owners)]
        return named, f"owner “{cmd.args}”"
    return recs, ""


def reviews_matching(store: StorePort, word: str) -> list[Review]:
    """The review with this slug, or every review whose slug starts with it (`wirral`)."""
    exact = store.review(word)
    if exact is not None:
        return [exact]
    found = [r for r in store.reviews() if r.slug.startswith(word.lower())]
    return found or [review_or_fail(store, word)]
