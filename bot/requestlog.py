"""One structured line per request: kind, verb, user, channel, outcome, status, latency. No text, no secrets."""

from __future__ import annotations

import json
import logging
import sys
import time

log = logging.getLogger("recbot.request")
FIELDS = ("kind", "verb", "user", "channel", "outcome", "reason")


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
