"""``recbot ask``: a /rec command run locally, signed and verified like Slack's, through the same handlers."""

from __future__ import annotations

import json
import secrets
import sys
import time
from urllib.parse import urlencode

from settings.config import Config

from .common import deliver_queued, open_existing

CONSOLE_USER = "UCONSOLE"


def slash_command_body(text: str, user: str, channel: str) -> str:
    """The form body Slack sends for ``/rec <text>`` (see shared/slack-wire/slash-command.txt)."""
    return urlencode(
        {
            "token": "console",
            "team_id": "TCONSOLE",
            "team_domain": "console",
            "channel_id": channel,
            "channel_name": "console",
            "user_id": user,
            "user_name": user,
            "command": "/rec",
            "text": text,
            "api_app_id": "ACONSOLE",
            "response_url": "",
            "trigger_id": f"console.{secrets.token_hex(8)}",
        }
    )


def run(config: Config, args) -> int:
    """Answer one command as the app would, print the reply, then deliver what it queued."""
    from slack_sdk.signature import SignatureVerifier

    from bot.guard import bolt_request
    from bot.slack_app import Services

    from .textview import render

    text = args.text.strip()
    if text.startswith("/rec"):
        text = text[len("/rec") :].strip()
    # The request is signed and verified like Slack's, with a secret that lives for this run.
    config.signing_secret = secrets.token_hex(16)
    store = open_existing(config)
    before = {i.id for i in store.outbox()}
    if args.user == CONSOLE_USER:
        # The person at the terminal can write the store anyway: the local operator is an editor.
        config.editors = config.editors | {CONSOLE_USER}
    # The console's Bolt client has no real token: what a change queues is delivered (or not) below.
    bolt = args.edge.bolt(Services(config=config, store=store), console=True)
    body = slash_command_body(text, args.user, args.channel)
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(config.signing_secret).generate_signature(timestamp=timestamp, body=body)
    headers = {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": signature,
    }
    response = bolt.dispatch(bolt_request(body.encode("utf-8"), "", headers))
    message = json.loads(response.body) if response.body else {}
    print(json.dumps(message, indent=2, ensure_ascii=False) if args.json else render(message))
    sys.stdout.flush()
    deliver_queued(config, store, {i.id for i in store.outbox()} - before, out=sys.stderr)
    return 0 if response.status == 200 else 1
