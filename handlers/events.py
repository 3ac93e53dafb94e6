"""Events API listeners: the App Home tab."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot import blocks, queries, views


def register(app: App, services) -> None:
    config = services.config

    @app.event("app_home_opened")
    def home(event: dict, client: WebClient) -> None:
        if event.get("tab") != "home":
            return
        user, today = event["user"], config.today()
        recs = services.store.recommendations()
        mine = [r for r in recs if any(o.slack_user == user for o in r.owners)]
        watch = views.red_or_amber(recs, today, config.amber_days)
        summaries = queries.review_summaries(services.store)
        view = views.home_view(summaries, mine, watch, today, config.amber_days, blocks.HELP)
        client.views_publish(user_id=user, view=view)
