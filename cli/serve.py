"""``recbot serve``: the HTTP endpoint (development server), or Socket Mode when SLACK_APP_TOKEN is set."""

from __future__ import annotations

import sys

from settings.config import Config

from .common import open_existing


def run(config: Config, args) -> int:
    """Serve Slack's requests until stopped."""
    config.require_slack()
    if config.app_token:
        return _socket_mode(config, args.edge)
    args.edge.web(config).run(host=args.host, port=args.port, threaded=True)
    return 0


def _socket_mode(config: Config, edge) -> int:
    from bot import requestlog
    from bot.courier import Courier
    from bot.slack_app import Services, web_client
    from bot.socket_mode import handler

    requestlog.setup()
    store = open_existing(config)
    client = web_client(config)
    services = Services(config=config, store=store, courier=Courier(store, lambda: client).start())
    if config.scheduler:
        from bot.schedule import Leader

        leader = Leader(services)  # kept referenced while serving, so its lock stays held
        leader.start()
    print("recbot: connecting to Slack over Socket Mode (SLACK_APP_TOKEN is set)", file=sys.stderr)
    handler(edge.bolt(services), config).start()
    return 0
