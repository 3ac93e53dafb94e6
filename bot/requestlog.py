"""One structured line per request: kind, workspace, verb, user, channel, outcome, status, ms. No text, no secrets."""

from __future__ import annotations

import json
import logging
import re
import sys
import time

log = logging.getLogger("recbot.request")
FIELDS = ("kind", "team", "verb", "user", "channel", "outcome", "reason")
# Slack's bot, user, app-level and refresh tokens.
TOKEN = re.compile(r"\b(?:xox[a-z]|xapp|xoxe(?:\.xox[a-z])?)-[A-Za-z0-9-]+")


class Redact(logging.Filter):
    """Blanks Slack tokens in a record: at DEBUG slack_sdk logs whole response bodies, oauth.v2.access's too."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if TOKEN.search(text):
            record.msg, record.args = TOKEN.sub("(token redacted)", text), None
        return True


def slack_logger() -> logging.Logger:
    """The logger recbot's Web API clients and Bolt app write to: never a token in it, at any level."""
    logger = logging.getLogger("recbot.slack")
    if not any(isinstance(f, Redact) for f in logger.filters):
        logger.addFilter(Redact())
    return logger


def setup() -> None:
    """Send recbot's logs to stderr unless the host application configured logging already."""
    root = logging.getLogger("recbot")
    if not root.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)


def write(about: dict, status: int, started: float) -> None:
    line = {k: about[k] for k in FIELDS if about.get(k)}
    line["status"] = status
    line["ms"] = round((time.perf_counter() - started) * 1000, 1)
    log.info(json.dumps(line, separators=(",", ":")))
