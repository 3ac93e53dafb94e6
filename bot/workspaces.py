"""Each installed workspace's services: the deployment's settings, that workspace's store and bot token.

A store per workspace makes isolation structural: a listener given one workspace's services has no
way to read, change or notify another's data. Stores are opened on first use and kept.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator

from slack_sdk import WebClient

from settings.stores import open_workspace_store

from .courier import Courier
from .slack_app import Services, web_client


class Workspaces:
    """Services per Slack workspace, over the root store (which keeps the installations)."""

    def __init__(self, root: Services) -> None:
        self.root = root
        self._by_team: dict[str, Services] = {}
        self._lock = threading.Lock()

    def services(self, team_id: str) -> Services:
        """The services of workspace ``team_id`` (ValueError if it is not a workspace id)."""
        with self._lock:
            if team_id not in self._by_team:
                store = open_workspace_store(self.root.config, self.root.store, team_id)
                # Its own courier posts with its own token, looked up at each delivery (a reinstall
                # changes it); the leader's sweep (bot.schedule) picks up retries, so this one only
                # delivers what requests hand it. Shares the root's outcomes: the request log reads them.
                courier = Courier(store, lambda: self.client(team_id), sweep=None).start()
                self._by_team[team_id] = dataclasses.replace(self.root, store=store, courier=courier, workspaces=None)
            return self._by_team[team_id]

    def client(self, team_id: str) -> WebClient | None:
        """A Web API client with the workspace's bot token; None once it is uninstalled."""
        token = self._tokens().get(team_id)
        return web_client(self.root.config, token=token) if token else None

    def stop(self) -> None:
        """Stop every workspace's courier; what is still queued waits in its outbox."""
        with self._lock:
            for services in self._by_team.values():
                if services.courier is not None:
                    services.courier.stop()

    def installed(self) -> Iterator[tuple[Services, str]]:
        """(services, bot token) of every installed workspace, for the scheduled jobs."""
        for team, token in self._tokens().items():
            yield self.services(team), token

    def _tokens(self) -> dict[str, str]:
        """Bot token by workspace, keyed as requests are (the team, else the enterprise)."""
        tokens = {}
        for record in self.root.store.installations():
            team = record.get("team_id") or record.get("enterprise_id")
            if team and record.get("bot_token"):
                tokens[team] = record["bot_token"]
        return tokens
