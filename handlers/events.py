"""Events API listeners: the App Home tab."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot import blocks, queries


def register(app: App, services) -> None:
    @app.event("app_home_opened")
    def home(event: dict, client: WebClient) -> None:
        if event.get("tab") != "home":
            return
        view = blocks.home_view(queries.review_summaries(services.store))
        client.views_publish(user_id=event["user"], view=view)
