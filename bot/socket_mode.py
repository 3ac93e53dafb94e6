"""Socket Mode, for councils that cannot expose a public URL: the same Bolt app over a websocket."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode import SocketModeHandler

from .slack_app import Services, build_bolt_app


def handler(services: Services) -> SocketModeHandler:
    """A Socket Mode connection for the same handlers the HTTP endpoint serves.

    Slack authenticates Socket Mode requests by the app-level token (``SLACK_APP_TOKEN``, with the
    ``connections:write`` scope), so there is no request signature to check.
    """
    bolt = build_bolt_app(services)
    return SocketModeHandler(bolt, services.config.app_token, web_client=bolt.client)
