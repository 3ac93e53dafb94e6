"""Composition root: settings -> store -> Bolt app -> Flask. ``app`` is the WSGI entry point."""

from __future__ import annotations

import logging
import threading

from dotenv import load_dotenv
from flask import Flask, jsonify, request
from slack_bolt.adapter.flask import SlackRequestHandler

from bot.config import Config, ConfigError
from bot.slack_app import Services, build_bolt_app
from storage.store import Store

log = logging.getLogger("recbot")


def create_app(config: Config | None = None) -> Flask:
    """Build the web app; without ``config`` the settings come from the environment and ``.env``."""
    if config is None:
        load_dotenv()
        config = Config.from_env(need_slack=True)
    else:
        config.require_slack()
    services = Services(config=config, store=Store(config.db_path))
    bolt = build_bolt_app(services)
    slack = SlackRequestHandler(bolt)
    if config.scheduler:
        from bot.schedule import Leader

        Leader(services).start()

    web = Flask("recbot")
    web.config["RECBOT_SERVICES"] = services

    @web.post("/slack/events")
    def slack_events():
        return slack.handle(request)

    @web.get("/healthz")
    def healthz():
        return jsonify(ok=True, recommendations=services.store.count())

    return web


class _LazyApp:
    """Builds the Flask app on the first request, so importing this module reads nothing."""

    def __init__(self) -> None:
        self._app: Flask | None = None
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if self._app is None:
            with self._lock:
                if self._app is None:
                    try:
                        self._app = create_app()
                    except ConfigError as exc:
                        # One clear line in the server log, and in the answer, instead of a traceback.
                        log.error("recbot is not configured: %s", exc)
                        start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                        return [f"recbot is not configured: {exc}\n".encode()]
        return self._app(environ, start_response)


app = _LazyApp()
