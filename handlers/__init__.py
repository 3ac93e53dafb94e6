"""Slack listeners, one module per surface; ``register`` wires them into a Bolt app."""

from __future__ import annotations

from slack_bolt import App

from . import actions, commands, events, modals, shortcuts, uploads


def register(app: App, services) -> None:
    """Attach every listener to ``app``."""
    commands.register(app, services)
    actions.register(app, services)
    events.register(app, services)
    modals.register(app, services)
    uploads.register(app, services)
    shortcuts.register(app, services)
