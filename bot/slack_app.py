"""Build the Bolt app and its Web API client from the settings (app.py registers the listeners)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from settings.config import Config
from storage.errors import StoreUnavailable
from storage.port import StorePort
from tracker.notices import OutboxItem

from .courier import Courier
from .installations import StoreInstallations, StoreStates
from .requestlog import slack_logger

log = logging.getLogger("recbot")
NOT_INSTALLED = (
    "recbot is not installed in this workspace, so nothing was read or changed."
    " An admin can install it from the deployment's /slack/install page."
)


@dataclass
class Services:
    """What the handlers need: settings, the store, the delivery worker, and a note of each request's
    outcome for the log.

    Without a ``courier`` (``recbot ask``) notifications stay queued for the caller to deliver or report.
    Listeners call ``services.at(context)`` for the services of the request's workspace.
    """

    config: Config
    store: StorePort
    outcomes: dict[str, str] = field(default_factory=dict)
    courier: Courier | None = None
    workspaces: Any = None  # bot.workspaces.Workspaces when one deployment serves many workspaces

    def at(self, context: BoltContext) -> Services:
        """The services of the request's own workspace: these, unless many workspaces are served.

        Read from the request's team, which Bolt copies to lazy listeners too (a context holding a
        store could not be copied to them), and which Bolt's authorize has already found installed.
        """
        if self.workspaces is None:
            return self
        return self.workspaces.services(context.team_id or context.enterprise_id)

    @property
    def delivers(self) -> bool:
        return self.courier is not None

    def deliver_soon(self, items: list[OutboxItem]) -> None:
        """Hand what a request queued to the delivery worker; the answer does not wait for it."""
        if self.courier is not None:
            self.courier.hand(items)

    def outcome(self, request_id: str | None, outcome: str) -> None:
        """Record how a request ended (``user_error``, ``refused``, ``duplicate``, ``error``)."""
        if request_id:
            if len(self.outcomes) > 10_000:  # noted after the request was logged: never collected
                self.outcomes.clear()
            self.outcomes[request_id] = outcome


def web_client(config: Config, *, with_token: bool = True, token: str | None = None) -> WebClient:
    """A Web API client on ``SLACK_API_URL`` that waits out 429s (Retry-After) and tries again.

    Its token is ``token`` (a workspace's, many workspaces), else ``SLACK_BOT_TOKEN`` unless ``with_token`` is off.
    """
    return WebClient(
        token=token or ((config.bot_token or None) if with_token else None),
        base_url=config.api_url,
        timeout=10,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
        logger=slack_logger(),  # at DEBUG it logs response bodies: oauth.v2.access's holds the new token
    )


def build_bolt_app(services: Services, *, console: bool = False, workspaces=None) -> App:
    """The Bolt app, with the one error handler but no listeners (app.py registers them).

    Listeners answer in the request itself (``process_before_response``): Bolt's default would
    run them in another thread and poll for their ``ack()`` every 10 ms. Anything a listener must
    ask of Slack runs in a lazy listener after the answer, and notifications go to the courier.
    ``console`` (``recbot ask`` prints the answer and exits) authorizes locally instead of asking
    Slack's ``auth.test``.
    With ``workspaces`` (``bot.workspaces.Workspaces``) it serves every workspace that installed
    it through Bolt's OAuth flow, each request with its own workspace's services and token.
    """
    config = services.config
    if workspaces is not None and not console:
        app = _many_workspaces_app(services)
    elif console:
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
            process_before_response=True,
            token_verification_enabled=False,
        )

    @app.error
    def on_error(error: Exception, body: dict, response: BoltResponse | None) -> None:
        services.outcome(body.get("trigger_id") or body.get("event_id"), "error")
        _on_error(error, body, response)

    return app


def _many_workspaces_app(services: Services) -> App:
    """Bolt with its OAuth flow: installations and states in the root store; unknown workspaces refused."""
    config = services.config
    settings = OAuthSettings(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scopes=list(config.scopes),
        redirect_uri=config.redirect_uri or None,
        installation_store=StoreInstallations(services.store, slack_logger()),
        installation_store_bot_only=True,
        state_store=StoreStates(services.store, slack_logger()),
        install_page_rendering_enabled=False,  # /slack/install goes straight to Slack's consent screen
    )
    # The installation is looked up on every request (an uninstalled workspace is refused at once); only
    # Slack's answer to auth.test about a token is kept, instead of asking Slack again on every request.
    settings.authorize = InstallationStoreAuthorize(
        logger=slack_logger(),
        client_id=config.client_id,
        client_secret=config.client_secret,
        installation_store=settings.installation_store,
        bot_only=True,
        cache_enabled=True,
    )
    app = App(
        name="recbot",
        client=web_client(config, with_token=False),
        signing_secret=config.signing_secret,
        oauth_settings=settings,
        logger=slack_logger(),
        installation_store_bot_only=True,
        user_facing_authorize_error_message=NOT_INSTALLED,
    )
    app.enable_token_revocation_listeners()  # app_uninstalled / tokens_revoked delete the installation
    return app


def _console_authorize(enterprise_id=None, team_id=None, user_id=None) -> AuthorizeResult:
    return AuthorizeResult(
        enterprise_id=enterprise_id, team_id=team_id, bot_token="xoxb-console", bot_user_id="UCONSOLE"
    )


def _on_error(error: Exception, body: dict, response: BoltResponse | None) -> None:
    """The one place unexpected errors land: log the traceback, tell the user plainly.

    A store that cannot be reached or written says so (nothing was recorded; try again) instead."""
    text = "Sorry, something went wrong on recbot's side. It has been logged."
    if isinstance(error, StoreUnavailable):
        log.error("store unavailable for %s: %s", body.get("command") or body.get("type"), error.__cause__ or error)
        text = str(error)
    else:
        log.error("unhandled error for %s", body.get("command") or body.get("type"), exc_info=error)
    if response is not None:
        response.status = 200
        response.body = json.dumps({"response_type": "ephemeral", "text": text})
        response.headers["content-type"] = ["application/json;charset=utf-8"]
