"""``recbot export``: the tracker as JSON, a CSV spreadsheet, or the committee's paper in Markdown or Word."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from settings.config import Config
from tracker.errors import UserError
from tracker.export import to_json
from tracker.models import Recommendation


def run(config: Config, store, args) -> int:
    """Write the export; a bad option gets one line saying what is wrong, and nothing is written."""
    try:
        return _run(config, store, args)
    except UserError as exc:
        print(f"recbot: {exc}", file=sys.stderr)
        return 1


def _run(config: Config, store, args) -> int:
    today = config.today()
    if args.review and store.review(args.review) is None:
        raise UserError(f"there is no review {args.review!r}")
    if args.since and args.since > today:
        raise UserError(f"--since {args.since} is in the future (today is {today})")
    if args.format == "docx" and not args.output:
        raise UserError("a Word paper needs a file to go to: add --output PAPER.docx")
    if args.template and (args.format != "docx" or args.template.suffix.lower() != ".docx"):
        raise UserError("--template takes a Word .docx file, with --format docx")
    if args.template and not args.template.is_file():
        raise UserError(f"--template {args.template}: no such file")
    reviews = [r for r in store.reviews() if not args.review or r.slug == args.review]
    recs = store.recommendations(args.review)
    if args.format == "docx":
        return _write(args.output, _docx(config, store, reviews, recs, args), len(recs))
    if args.format == "json":
        text = json.dumps(to_json(reviews, recs), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "csv":
        from tracker.tabular import to_csv

        changed = [r for r in recs if _changed_since(r, args.since)] if args.since else recs
        # A byte-order mark lets Excel open the CSV as UTF-8.
        text = ("\ufeff" if args.output else "") + to_csv(reviews, changed)
    else:
        text = _markdown(config, reviews, recs, args)
    if not args.output:
        sys.stdout.write(text)
        return 0
    return _write(args.output, text.encode("utf-8"), len(recs))


def _write(output: str, data: bytes, count: int) -> int:
    Path(output).write_bytes(data)
    print(f"wrote {count} recommendations to {output}", file=sys.stderr)
    return 0


def _changed_since(rec: Recommendation, since) -> bool:
    return any(u.at[:10] >= since.isoformat() for u in rec.updates)


def _markdown(config: Config, reviews, recs, args) -> str:
    """The Markdown paper; written to a file, each review's chart goes beside it as a PNG."""
    from tracker import progress
    from tracker.report_chart import chart_png
    from tracker.report_md import to_markdown

    charts: dict[str, str] = {}
    if args.output:
        out = Path(args.output)
        for review in progress.build(reviews, recs, config.today(), config.rag_rules):
            if review.rows:
                image = out.with_name(f"{out.stem}-{review.review.slug}.png")
                image.write_bytes(chart_png(review))
                charts[review.review.slug] = image.name
    return to_markdown(reviews, recs, config.today(), config.rag_rules, since=args.since, charts=charts)


def _docx(config: Config, store, reviews, recs, args) -> bytes:
    from tracker import progress
    from tracker.report_docx import to_docx

    linked = {o.slack_user for r in recs for o in r.owners if o.slack_user and not o.name}
    names = _names(config, store, linked)
    built = progress.build(
        reviews, recs, config.today(), config.rag_rules, since=args.since, response_months=config.response_months
    )
    return to_docx(built, config.today(), names, since=args.since, template=args.template)


def _names(config: Config, store, users: set[str]) -> dict[str, str]:
    if not users:
        return {}
    from bot.people import display_names
    from bot.slack_app import web_client

    return display_names(store, web_client(config) if config.bot_token else None, users)
