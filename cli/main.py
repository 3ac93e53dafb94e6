"""The ``recbot`` command: import papers, export the tracker, ask as Slack would, serve."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from settings.config import Config, ConfigError, from_dotenv
from storage.generations import StoreCorrupt
from tracker.errors import ImportFailed, NoRecommendations
from tracker.importers import layout_names, read_import
from tracker.readers import check_size
from usecases import importing

from . import ask, dry_run, maintenance, migrate_cmd, outbox_cmd, remove, serve
from .common import NoStore, deliver_queued, open_existing


@dataclass(frozen=True)
class Edge:
    """What the composition root (app.py) lends the terminal: the web app and the Bolt app, built
    with every listener registered, so the CLI drives Slack's path without importing it."""

    web: Callable[[Config], Any]
    bolt: Callable[..., Any]


def main(argv: list[str] | None = None, edge: Edge | None = None) -> int:
    """The ``recbot`` command; returns the exit status. ``edge`` comes from app.py's ``main``."""
    args = _parser().parse_args(argv)
    args.edge = edge
    try:
        config = from_dotenv()
        return args.run(config, args)
    except ConfigError as exc:
        print(f"recbot: {exc}", file=sys.stderr)
        return 2
    except (NoStore, StoreCorrupt) as exc:
        print(f"recbot: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`recbot ask ... | head`): stop quietly, as other commands do.
        # Python's own flush at exit would fail again, so stdout is pointed at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="recbot", description="Track council scrutiny recommendations in Slack.")
    sub = p.add_subparsers(required=True, metavar="COMMAND")

    imp = sub.add_parser("import", help="import committee papers into the store")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--review", metavar="SLUG", type=_slug, help="file the recommendations under this review slug")
    imp.add_argument("--layout", choices=layout_names(), help="skip detection and read the file as this layout")
    imp.add_argument("--dry-run", action="store_true", help="show what would be imported; write nothing")
    imp.add_argument("--add", action="store_true", help="a sheet's rows with new ids add recommendations")
    imp.set_defaults(run=_import)

    exp = sub.add_parser("export", help="print the tracker's contents")
    exp.add_argument("--review", metavar="SLUG", help="only this review")
    exp.add_argument(
        "--format",
        choices=["json", "csv", "md", "docx"],
        default="json",
        help="json: everything; csv: a spreadsheet that imports back; md or docx: the paper for a committee",
    )
    exp.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    exp.add_argument(
        "--since", metavar="YYYY-MM-DD", type=_iso_date, help="progress recorded since this date (md, docx, csv)"
    )
    exp.add_argument("--template", metavar="FILE.docx", type=Path, help="the council's Word template (docx)")
    exp.set_defaults(run=_export)

    asking = sub.add_parser("ask", help="run a /rec command locally, through the same handlers Slack reaches")
    asking.add_argument("text", help='e.g. "/rec R16"')
    asking.add_argument(
        "--user",
        default=ask.CONSOLE_USER,
        help="Slack user id to act as, with that user's rights (default: the local operator, an editor)",
    )
    asking.add_argument("--channel", default="CCONSOLE", help="Slack channel id to act in")
    asking.add_argument("--json", action="store_true", help="print the Block Kit reply instead of text")
    asking.set_defaults(run=ask.run)

    check = sub.add_parser("check-slips", help="find slipped targets and due reminders; announce each once")
    check.add_argument("--today", metavar="YYYY-MM-DD", type=_iso_date, help="check as if today were this date")
    check.add_argument("--dry-run", action="store_true", help="say what would be announced; queue and send nothing")
    check.set_defaults(run=outbox_cmd.check_slips)

    outbox = sub.add_parser("outbox", help="list notifications waiting to be delivered or given up")
    outbox.add_argument("--deliver", action="store_true", help="try to deliver what is due now")
    outbox.set_defaults(run=outbox_cmd.outbox)

    remove.add_parser(sub)
    migrate_cmd.add_parser(sub)

    serving = sub.add_parser("serve", help="run the HTTP endpoint for Slack (development server)")
    serving.add_argument("--host", default="127.0.0.1")
    serving.add_argument("--port", type=int, default=3000)
    serving.set_defaults(run=serve.run)
    maintenance.register(sub)
    return p


def _import(config: Config, args) -> int:
    store = None if args.dry_run else open_existing(config, create=True)
    failed = 0
    for path in args.paths:
        name = Path(path).name
        try:
            check_size(Path(path).stat().st_size, name, config.max_import_bytes)  # before reading a byte of it
            data = Path(path).read_bytes()
        except OSError as exc:
            print(f"{path}: cannot read ({exc.strerror})", file=sys.stderr)
            failed += 1
            continue
        except ImportFailed as exc:
            print(f"{exc}\nNothing imported from {name}.", file=sys.stderr)
            failed += 1
            continue
        try:
            imported = read_import(data, name, layout=args.layout, max_bytes=config.max_import_bytes)
        except NoRecommendations as exc:
            print(f"{exc} (nothing imported)")
            continue
        except ImportFailed as exc:
            print(f"{exc}\nNothing imported from {name}.", file=sys.stderr)
            failed += 1
            continue
        papers = importing.for_review(imported.papers, args.review)
        if args.add:
            for paper in papers:
                paper.may_add = {rec.id for rec in paper.recommendations}
        if args.dry_run:
            print("\n".join(dry_run.lines(name, imported)))
            continue
        try:
            with _progress(sum(len(p.recommendations) for p in papers), name) as bar:
                reports, queued = importing.apply(
                    store, papers, name, at=config.now_iso(), now=time.time(), progress=bar.update
                )
        except ImportFailed as exc:  # a sheet's row that does not fit the store
            print(f"{exc}\nNothing imported from {name}.", file=sys.stderr)
            failed += 1
            continue
        for report in reports:
            print(
                f"{name}: {report.review} ({'new review' if report.review_is_new else 'existing review'}), "
                f"{report.total} recommendations: {len(report.added)} added, "
                f"{len(report.updated)} updated, {len(report.unchanged)} unchanged"
            )
        deliver_queued(config, store, {i.id for i in queued})
    return 1 if failed else 0


def _progress(total: int, name: str):
    """A progress bar on a terminal for big imports (tqdm); silent when piped or small."""
    from tqdm import tqdm

    return tqdm(total=total, desc=name, unit=" recs", disable=total < 500 or not sys.stderr.isatty(), leave=False)


def _export(config: Config, args) -> int:
    from .export_cmd import run

    return run(config, open_existing(config), args)


def _slug(text: str) -> str:
    from tracker.validate import Invalid, slug

    try:
        return slug(text)
    except Invalid as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None
