"""The ``recbot`` command: import papers, export the tracker, ask as Slack would, serve."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from storage.generations import StoreCorrupt
from tracker.errors import ImportFailed, NoRecommendations
from tracker.importers import layout_names, read_import
from tracker.readers import check_size

from . import dry_run, importing, maintenance, migrate_cmd, remove
from .config import Config, ConfigError, from_dotenv


class NoStore(Exception):
    """A command that reads found no store where it looked."""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``recbot`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
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

    ask = sub.add_parser("ask", help="run a /rec command locally, through the same handlers Slack reaches")
    ask.add_argument("text", help='e.g. "/rec R16"')
    ask.add_argument(
        "--user",
        default=CONSOLE_USER,
        help="Slack user id to act as, with that user's rights (default: the local operator, an editor)",
    )
    ask.add_argument("--channel", default="CCONSOLE", help="Slack channel id to act in")
    ask.add_argument("--json", action="store_true", help="print the Block Kit reply instead of text")
    ask.set_defaults(run=_ask)

    check = sub.add_parser("check-slips", help="find slipped targets and due reminders; announce each once")
    check.add_argument("--today", metavar="YYYY-MM-DD", type=_iso_date, help="check as if today were this date")
    check.add_argument("--dry-run", action="store_true", help="say what would be announced; queue and send nothing")
    check.set_defaults(run=_check_slips)

    outbox = sub.add_parser("outbox", help="list notifications waiting to be delivered or given up")
    outbox.add_argument("--deliver", action="store_true", help="try to deliver what is due now")
    outbox.set_defaults(run=_outbox)

    remove.add_parser(sub)
    migrate_cmd.add_parser(sub)

    serve = sub.add_parser("serve", help="run the HTTP endpoint for Slack (development server)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=3000)
    serve.set_defaults(run=_serve)
    maintenance.register(sub)
    return p


def _store(config: Config, create: bool = False):
    """The store; only a command that imports may start a new one."""
    from .stores import open_store

    store = open_store(config)
    if not create and not store.exists():
        raise NoStore(
            f"there is no store at {config.db_path.resolve()}: set RECBOT_DB to the store's manifest "
            "(in the environment or a .env file), or `recbot import` a paper to start one there"
        )
    store.count()  # a damaged store is reported here, before any command runs
    return store


def _import(config: Config, args) -> int:
    store = None if args.dry_run else _store(config, create=True)
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
        before = {i["id"] for i in store.outbox()}
        try:
            with _progress(sum(len(p.recommendations) for p in papers), name) as bar:
                reports = importing.apply(
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
        _deliver(config, store, {i["id"] for i in store.outbox()} - before)
    return 1 if failed else 0


def _progress(total: int, name: str):
    """A progress bar on a terminal for big imports (tqdm); silent when piped or small."""
    from tqdm import tqdm

    return tqdm(total=total, desc=name, unit=" recs", disable=total < 500 or not sys.stderr.isatty(), leave=False)


def _deliver(config: Config, store, queued: set[str], out=None) -> None:
    """Deliver what a change or import queued for subscribed channels, when a bot token is configured."""
    out = out or sys.stdout
    if not queued:
        return
    if not config.bot_token:
        print(f"  {len(queued)} notification(s) for subscribed channels queued; `recbot serve` delivers them", file=out)
        return
    from .delivery import deliver
    from .slack_app import web_client

    result = deliver(store, web_client(config), only=queued)
    if result.posted:
        print(f"  told {len(result.posted)} subscribed channel(s)", file=out)
    for channel, error in {**result.unreachable, **result.retrying, **result.given_up}.items():
        print(f"  could not tell {channel}: {error}", file=sys.stderr)


def _export(config: Config, args) -> int:
    from .export_cmd import run

    return run(config, _store(config), args)


CONSOLE_USER = "UCONSOLE"


def slash_command_body(text: str, user: str, channel: str) -> str:
    """The form body Slack sends for ``/rec <text>`` (see shared/slack-wire/slash-command.txt)."""
    return urlencode(
        {
            "token": "console",
            "team_id": "TCONSOLE",
            "team_domain": "console",
            "channel_id": channel,
            "channel_name": "console",
            "user_id": user,
            "user_name": user,
            "command": "/rec",
            "text": text,
            "api_app_id": "ACONSOLE",
            "response_url": "",
            "trigger_id": f"console.{secrets.token_hex(8)}",
        }
    )


def _ask(config: Config, args) -> int:
    from slack_sdk.signature import SignatureVerifier

    from .guard import bolt_request
    from .slack_app import Services, build_bolt_app
    from .textview import render

    text = args.text.strip()
    if text.startswith("/rec"):
        text = text[len("/rec") :].strip()
    # The request is signed and verified like Slack's, with a secret that lives for this run.
    config.signing_secret = secrets.token_hex(16)
    store = _store(config)
    before = {i["id"] for i in store.outbox()}
    if args.user == CONSOLE_USER:
        # The person at the terminal can write the store anyway: the local operator is an editor.
        config.editors = config.editors | {CONSOLE_USER}
    # The console's Bolt client has no real token: what a change queues is delivered (or not) below.
    bolt = build_bolt_app(Services(config=config, store=store, delivers=False), console=True)
    body = slash_command_body(text, args.user, args.channel)
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(config.signing_secret).generate_signature(timestamp=timestamp, body=body)
    headers = {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": signature,
    }
    response = bolt.dispatch(bolt_request(body.encode("utf-8"), "", headers))
    message = json.loads(response.body) if response.body else {}
    print(json.dumps(message, indent=2, ensure_ascii=False) if args.json else render(message))
    sys.stdout.flush()
    _deliver(config, store, {i["id"] for i in store.outbox()} - before, out=sys.stderr)
    return 0 if response.status == 200 else 1


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


def _check_slips(config: Config, args) -> int:
    from .slack_app import Services, web_client
    from .slipcheck import run

    today = args.today or config.today()
    client = web_client(config) if config.bot_token and not args.dry_run else None
    result = run(Services(config=config, store=_store(config)), today, client=client, dry_run=args.dry_run)
    print(result.summary(dry_run=args.dry_run))
    for slip in result.new_slips:
        print(
            f"  slipped: {slip.review} {slip.rec_id} “{slip.source or slip.label}” due {slip.due}, "
            f"{slip.days_late} days late"
        )
    if result.queued and client is None and not args.dry_run:
        print("  (queued in the outbox: SLACK_BOT_TOKEN is not set here, `recbot serve` delivers them)")
    return 0


def _outbox(config: Config, args) -> int:
    import datetime as dt

    store = _store(config)
    if args.deliver:
        if not config.bot_token:
            print("recbot: SLACK_BOT_TOKEN is not set: nothing can be delivered", file=sys.stderr)
            return 2
        from .delivery import deliver
        from .slack_app import web_client

        result = deliver(store, web_client(config))
        print(
            f"sent {len(result.posted)}, retrying {len(result.retrying)}, unreachable {len(result.unreachable)}, "
            f"given up {len(result.given_up)}"
        )
    items = sorted(store.outbox(), key=lambda i: i["created"])
    if not items:
        print("The outbox is empty: everything has been delivered.")
        return 0
    for item in items:
        when = dt.datetime.fromtimestamp(item["next_at"], dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        state = "given up" if item["status"] == "given_up" else f"pending, next try {when}"
        print(
            f"{item['id'][:8]}  {item['channel']:<12} {item.get('kind', ''):<9} {state}; "
            f"{item['attempts']} attempt(s){'; last error ' + item['last_error'] if item['last_error'] else ''}"
        )
    return 0


def _serve(config: Config, args) -> int:
    config.require_slack()
    if config.app_token:
        return _serve_socket_mode(config)
    from app import create_app

    create_app(config).run(host=args.host, port=args.port, threaded=True)
    return 0


def _serve_socket_mode(config: Config) -> int:
    from . import requestlog
    from .slack_app import Services
    from .socket_mode import handler

    requestlog.setup()
    services = Services(config=config, store=_store(config))
    if config.scheduler:
        from .schedule import Leader

        leader = Leader(services)  # kept referenced while serving, so its lock stays held
        leader.start()
    print("recbot: connecting to Slack over Socket Mode (SLACK_APP_TOKEN is set)", file=sys.stderr)
    handler(services).start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
