"""Slack's installation and OAuth state stores over the store port, for Bolt's OAuth flow.

The store keeps plain dicts (storage/ never imports Slack); here they become slack_sdk's
``Installation`` and ``Bot``. recbot asks for bot scopes only, so an installation is one per
workspace and a user's token is never kept.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable

from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from storage.port import StorePort

STATE_SECONDS = 600  # an install started must finish within ten minutes


class StoreInstallations(InstallationStore):
    """Installations in the deployment's root store, keyed by enterprise and workspace."""

    def __init__(self, store: StorePort, logger: logging.Logger) -> None:
        self.store, self._logger = store, logger

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    def save(self, installation: Installation) -> None:
        """Keep the installation (its bot token included), replacing the workspace's earlier one."""
        team = None if installation.is_enterprise_install else installation.team_id
        self.store.save_installation(installation.enterprise_id, team, dict(installation.__dict__))

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        """The workspace's installation; ``user_id`` is ignored as recbot never holds user tokens."""
        record = self.store.installation(enterprise_id, None if is_enterprise_install else team_id)
        return Installation(**record) if record else None

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        """The workspace's bot (its token), or None when recbot is not installed there."""
        found = self.find_installation(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        return found.to_bot() if found and found.bot_token else None

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """The bot's token was revoked: the installation is of no more use."""
        self.store.delete_installation(enterprise_id, team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Forget the workspace's installation; a user's token revoked changes nothing (none is kept)."""
        if user_id is None:
            self.store.delete_installation(enterprise_id, team_id)

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """recbot was uninstalled from the workspace: forget its installation (its records stay)."""
        self.store.delete_installation(enterprise_id, team_id)


class StoreStates(OAuthStateStore):
    """OAuth ``state`` values in the root store: each one random, single-use, and good for ten minutes."""

    def __init__(
        self,
        store: StorePort,
        logger: logging.Logger,
        seconds: float = STATE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store, self._logger, self.seconds, self.clock = store, logger, seconds, clock

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    def issue(self, *args, **kwargs) -> str:
        """A new random state, kept for ``seconds``."""
        state = secrets.token_urlsafe(24)
        now = self.clock()
        self.store.issue_state(state, now + self.seconds, now)
        return state

    def consume(self, state: str) -> bool:
        """True once for a state issued here and not expired."""
        return self.store.consume_state(state, self.clock())
