"""What the commands share: the store they open and the delivery of what they queued."""

from __future__ import annotations

import sys

from settings.config import Config


class NoStore(Exception):
    """A command that reads found no store where it looked."""


def open_existing(config: Config, create: bool = False):
    """The store (``RECBOT_WORKSPACE``'s, when set); only a command that imports may start a new one."""
    from settings.stores import open_store, open_workspace_store

    store = open_store(config)
    if config.workspace:
        store = open_workspace_store(config, store, config.workspace)
    if not create and not store.exists():
        where = getattr(store, "path", config.db_path).resolve()
        raise NoStore(
            f"there is no store at {where}: set RECBOT_DB to the store's manifest "
            "(in the environment or a .env file), or `recbot import` a paper to start one there"
        )
    store.count()  # a damaged store is reported here, before any command runs
    return store


def deliver_queued(config: Config, store, queued: set[str], out=None) -> None:
    """Deliver what a change or import queued for subscribed channels, when a bot token is configured."""
    out = out or sys.stdout
    if not queued:
        return
    if not config.bot_token or config.workspace:  # a workspace's token is the server's to use
        print(f"  {len(queued)} notification(s) for subscribed channels queued; `recbot serve` delivers them", file=out)
        return
    from bot.delivery import deliver
    from bot.slack_app import web_client

    result = deliver(store, web_client(config), only=queued)
    if result.posted:
        print(f"  told {len(result.posted)} subscribed channel(s)", file=out)
    for channel, error in {**result.unreachable, **result.retrying, **result.given_up}.items():
        print(f"  could not tell {channel}: {error}", file=sys.stderr)
