"""Socket Mode, for councils that cannot expose a public URL: the same Bolt app over a websocket."""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from settings.config import Config


def handler(bolt: App, config: Config) -> SocketModeHandler:
    """A Socket Mode connection for the Bolt app the HTTP endpoint would serve.

    Slack authenticates Socket Mode requests by the app-level token (``SLACK_APP_TOKEN``, with the
    ``connections:write`` scope), so there is no request signature to check.
    """
    return SocketModeHandler(bolt, config.app_token, web_client=bolt.client)
