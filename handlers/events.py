"""Events API listeners: the App Home tab."""

from __future__ import annotations

import time

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot import views
from tracker import response_clock
from usecases import queries

from .actions import acknowledge
from .verbs import VERBS


def register(app: App, root) -> None:
    config = root.config

    # Publishing the tab is a Web API call: made after Slack has its answer.
    def home(event: dict, body: dict, client: WebClient, context: BoltContext) -> None:
        if event.get("tab") != "home":
            return
        services = root.at(context)
        # Slack redelivers an event it thinks was not received in time; publish once.
        if body.get("event_id") and not services.store.first_time(f"event|{body['event_id']}", time.time()):
            services.outcome(body["event_id"], "duplicate")
            return
        user, today = event["user"], config.today()
        recs = services.store.recommendations()
        mine = [r for r in recs if user and any(o.slack_user == user for o in r.owners)]
        watch = views.red_or_amber(recs, today, config.rag_rules)
        summaries = queries.review_summaries(services.store)
        overdue = response_clock.overdue(services.store.reviews(), recs, today, config.response_months)
        view = views.home_view(summaries, mine, watch, today, config.rag_rules, VERBS.help_text(), overdue)
        client.views_publish(user_id=user, view=view)

    app.event("app_home_opened")(ack=acknowledge, lazy=[home])
