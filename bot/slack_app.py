"""Build the Bolt app and its Web API client from the settings (app.py registers the listeners)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from slack_bolt import App, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from settings.config import Config
from storage.port import StorePort

log = logging.getLogger("recbot")


@dataclass
class Services:
    """What the handlers need: settings, the store, and a note of each request's outcome for the log.

    ``delivers`` off (``recbot ask``) leaves notifications queued for the caller to deliver or report.
    """

    config: Config
    store: StorePort
    outcomes: dict[str, str] = field(default_factory=dict)
    delivers: bool = True

    def outcome(self, request_id: str | None, outcome: str) -> None:
        """Record how a request ended (``user_error``, ``refused``, ``duplicate``, ``error``)."""
        if request_id:
            if len(self.outcomes) > 10_000:  # noted after the request was logged: never collected
                self.outcomes.clear()
            self.outcomes[request_id] = outcome


def web_client(config: Config, *, with_token: bool = True) -> WebClient:
    """A Web API client on ``SLACK_API_URL`` that waits out 429s (Retry-After) and tries again."""
    return WebClient(
        token=(config.bot_token or None) if with_token else None,
        base_url=config.api_url,
        timeout=10,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )


def build_bolt_app(services: Services, *, console: bool = False) -> App:
    """The Bolt app, with the one error handler but no listeners (app.py registers them).

    ``console`` runs listeners to completion before answering (``recbot ask`` prints the
    answer and exits) and authorizes locally instead of asking Slack's ``auth.test``.
    """
    config = services.config
    if console:
        app = App(
            name="recbot",  # named: Bolt otherwise inspects the call stack to name it, costly per build
            client=web_client(config, with_token=False),
            signing_secret=config.signing_secret,
            authorize=_console_authorize,
            process_before_response=True,
            token_verification_enabled=False,
        )
    else:
        app = App(
            name="recbot",  # named: Bolt otherwise inspects the call stack to name it, costly per build
            client=web_client(config),
            signing_secret=config.signing_secret,
            token_verification_enabled=False,
        )

    @app.error
    def on_error(error: Exception, body: dict, response: BoltResponse | None) -> None:
        services.outcome(body.get("trigger_id") or body.get("event_id"), "error")
        _on_error(error, body, response)

    return app


def _console_authorize(enterprise_id=None, team_id=None, user_id=None) -> AuthorizeResult:
    return AuthorizeResult(
        enterprise_id=enterprise_id, team_id=team_id, bot_token="xoxb-console", bot_user_id="UCONSOLE"
    )


def _on_error(error: Exception, body: dict, response: BoltResponse | None) -> None:
    """The one place unexpected errors land: log the traceback, tell the user plainly."""
    log.error("unhandled error for %s", body.get("command") or body.get("type"), exc_info=error)
    if response is not None:
        response.status = 200
        response.body = json.dumps(
            {
                "response_type": "ephemeral",
                "text": "Sorry, something went wrong on recbot's side. It has been logged.",
            }
        )
        response.headers["content-type"] = ["application/json;charset=utf-8"]
