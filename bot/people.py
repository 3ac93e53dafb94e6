"""Slack users' display names for papers that name people, looked up once and kept in the store."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger("recbot")


def display_names(store, client: WebClient | None, user_ids: set[str]) -> dict[str, str]:
    """Names for ``user_ids``: from the store, else ``users.info`` (then remembered).

    Without a client (no bot token) or when Slack will not say, a user is left out and the
    paper says "a Slack user": it never prints an id.
    """
    known = store.people()
    wanted = {u for u in user_ids if u and u not in known}
    found: dict[str, str] = {}
    if client is not None:
        for user in sorted(wanted):
            try:
                info = client.users_info(user=user)["user"]
            except SlackApiError as exc:
                log.warning("users.info for a paper failed: %s", exc.response.get("error"))
                continue
            profile = info.get("profile") or {}
            name = profile.get("display_name") or profile.get("real_name") or info.get("real_name") or info.get("name")
            if name:
                found[user] = name
    store.remember_people(found)
    return {**known, **found}
