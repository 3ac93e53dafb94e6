"""``recbot migrate``: move the store from TinyDB into PostgreSQL (``--to``) or back (``--from``)."""

from __future__ import annotations

import sys

from settings.config import Config, ConfigError


def add_parser(sub) -> None:
    """Register the ``migrate`` subcommand."""
    p = sub.add_parser(
        "migrate", help="copy the TinyDB store into PostgreSQL or back, then count and compare (stop recbot first)"
    )
    way = p.add_mutually_exclusive_group(required=True)
    way.add_argument("--to", metavar="URL", help="copy the store RECBOT_DB names into this empty PostgreSQL database")
    way.add_argument("--from", dest="source", metavar="URL", help="copy this PostgreSQL database into RECBOT_DB's file")
    p.set_defaults(run=run)


def run(config: Config, args) -> int:
    """Copy everything, refusing a target that holds anything; exit 1 unless both sides compare equal."""
    from settings.stores import open_store
    from storage import transfer
    from storage.store import Store

    if args.to:
        source, target = open_store(config), open_store(Config(db_url=_url(args.to, "--to")))
    else:
        if config.db_url:
            raise ConfigError("recbot migrate --from needs RECBOT_DB to name a TinyDB file to copy into")
        source = open_store(Config(db_url=_url(args.source, "--from")))
        target = Store(config.db_path, keep_generations=config.keep_generations)
    if config.workspace:  # RECBOT_WORKSPACE: that workspace's store on both sides
        source, target = (_workspace(config, store, config.workspace) for store in (source, target))
    state = transfer.dump(source)
    if target.exists() and any(transfer.counts(transfer.dump(target)).values()):
        print("recbot: the target store is not empty; nothing was copied", file=sys.stderr)
        return 1
    transfer.load(target, state)
    copied = transfer.dump(target)
    differ = transfer.differences(state, copied)
    summary = ", ".join(f"{n} {name}" for name, n in transfer.counts(copied).items())
    if differ:
        print(f"recbot: copied, but these differ from the source: {', '.join(differ)} ({summary})", file=sys.stderr)
        return 1
    print(f"copied and compared: {summary}")
    return 0


def _workspace(config: Config, root, team: str):
    from dataclasses import replace

    from settings.stores import open_workspace_store

    # A TinyDB side's folder is RECBOT_DB's; a PostgreSQL side's schema is in its own database.
    return open_workspace_store(replace(config, db_url=getattr(root, "url", "")), root, team)


def _url(value: str, option: str) -> str:
    if not value.startswith(("postgresql://", "postgres://")):
        raise ConfigError(f"recbot migrate {option} takes a postgresql:// URL")
    return value
