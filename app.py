"""Composition root: settings -> store -> Web API client -> courier -> Bolt app -> listeners -> Flask.

``app`` is the WSGI entry point; ``main`` is the ``recbot`` command, lent the same composition.
"""

from __future__ import annotations

import atexit
import logging
import sys
import threading
import time

from flask import Flask, jsonify, request
from slack_bolt import App
from slack_bolt.adapter.flask.handler import to_bolt_request, to_flask_response

from bot import guard, requestlog
from bot.courier import Courier
from bot.slack_app import Services, build_bolt_app, web_client
from bot.workspaces import Workspaces
from cli.main import Edge
from cli.main import main as cli_main
from handlers import register
from handlers.parser import verb_for_log
from settings.config import Config, ConfigError, from_dotenv
from settings.stores import open_store

log = logging.getLogger("recbot")


def bolt_app(services: Services, *, console: bool = False, workspaces: Workspaces | None = None) -> App:
    """The Bolt app with every listener registered (``console``: answered in process, for ``recbot ask``;
    ``workspaces``: many workspaces, each installed through the OAuth flow)."""
    bolt = build_bolt_app(services, console=console, workspaces=workspaces)
    register(bolt, services)
    return bolt


def main(argv: list[str] | None = None) -> int:
    """The ``recbot`` command; returns the exit status."""
    return cli_main(argv, Edge(web=create_app, bolt=bolt_app))


def create_app(config: Config | None = None) -> Flask:
    """Build the web app; without ``config`` the settings come from the environment and ``.env``."""
    if config is None:
        config = from_dotenv(need_slack=True)
    else:
        config.require_slack()
    requestlog.setup()
    store = open_store(config)
    services = Services(config=config, store=store)
    if config.many_workspaces:
        # Each workspace's services get a courier of their own, with that workspace's token.
        services.workspaces = workspaces = Workspaces(services)
        stop_delivery = workspaces.stop
    else:
        # One delivery worker per process: listeners hand it what they queued and answer at once.
        client = web_client(config)
        services.courier = Courier(store, lambda: client).start()
        stop_delivery, workspaces = services.courier.stop, None
    atexit.register(stop_delivery)
    bolt = bolt_app(services, workspaces=workspaces)
    leader = None
    if config.scheduler:
        from bot.schedule import Leader

        leader = Leader(services, workspaces)
        leader.start()

    web = Flask("recbot")
    web.config["RECBOT_SERVICES"] = services
    web.config["RECBOT_STOP_DELIVERY"] = stop_delivery
    # Held for the app's lifetime: dropping it would let the leader lock be released.
    web.config["RECBOT_LEADER"] = leader
    web.config["MAX_CONTENT_LENGTH"] = guard.MAX_BODY

    @web.post("/slack/events")
    def slack_events():
        started = time.perf_counter()
        try:
            about = guard.check(
                config.signing_secret, request.get_data(), request.headers, team_id=config.team_id, app_id=config.app_id
            )
        except guard.Refused as refused:
            requestlog.write({"kind": "refused", "reason": refused.reason}, refused.status, started)
            return jsonify(error=refused.reason), refused.status
        if about["kind"] == "command":
            about["verb"] = f"{about['verb']} {verb_for_log(about.pop('text', ''))}"
        query = request.query_string.decode("utf-8")
        response = to_flask_response(bolt.dispatch(guard.bolt_request(request.get_data(), query, request.headers)))
        about["outcome"] = services.outcomes.pop(about.get("id") or "", "ok")
        requestlog.write(about, response.status_code, started)
        return response

    if bolt.oauth_flow is not None:
        flow = bolt.oauth_flow

        @web.get(flow.install_path)
        def slack_install():
            return to_flask_response(flow.handle_installation(to_bolt_request(request)))

        @web.get(flow.redirect_uri_path)
        def slack_oauth_redirect():
            return to_flask_response(flow.handle_callback(to_bolt_request(request)))

    @web.errorhandler(413)
    def too_large(_error):
        requestlog.write({"kind": "refused", "reason": "request body too large"}, 413, time.perf_counter())
        return jsonify(error="request body too large"), 413

    @web.get("/healthz")
    def healthz():
        if workspaces is not None:  # the deployment's own store holds installations, not recommendations
            return jsonify(ok=True, workspaces=len(services.store.installations()))
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


if __name__ == "__main__":
    sys.exit(main())
