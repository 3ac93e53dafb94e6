"""Importing a paper from Slack: share a file, see a preview, press Import (editors only) or Cancel."""

from __future__ import annotations

import json
import time

import pytest

from bot.files import _may_send_token_to
from tests.conftest import W2013, until
from tests.slack_requests import CHANNEL, DM, USER, all_text, button, preview_in, shared

EDITOR = "U0EDITOR1"

# Only an absence cannot be polled for: a listener that would answer has answered within this.
QUIET = 0.3


def responses(fake_slack) -> list[dict]:
    return [c.args for c in fake_slack.calls if c.method.startswith("respond/")]


def wait_response(fake_slack, count: int = 1) -> dict:
    """The latest reply to a response_url, once there are ``count`` of them."""
    return until(lambda: len(found := responses(fake_slack)) >= count and found, what=f"{count} response(s)")[-1]


def test_a_paper_sent_in_a_direct_message_is_previewed_then_imported(store, slack, fake_slack):
    fake_slack.add_file("F1", W2013.name, W2013.read_bytes())
    shared(slack, "F1")
    message = preview_in(fake_slack)
    assert message["channel"] == DM
    text = all_text(message)
    assert "wiltshire-2013-safeguarding" in text and "a new review" in text
    assert "41 recommendations: 41 to add" in text and "*R1*" in text and "… and 36 more" in text
    assert store.count() == 0, "a preview writes nothing"
    # the bot fetched the file with its own token
    downloads = [c for c in fake_slack.calls if c.method.startswith("GET /files/F1")]
    assert downloads and downloads[0].headers["Authorization"] == "Bearer xoxb-test-token"

    press = button(message, "import_paper")
    assert press["value"] == "F1"
    slack.action("import_paper", press["value"], channel=DM)
    result = wait_response(fake_slack)
    assert result["replace_original"] in (True, "true")
    assert "41 added" in all_text(result)
    assert store.count() == 41


def test_cancel_writes_nothing(store, slack, fake_slack):
    fake_slack.add_file("F2", W2013.name, W2013.read_bytes())
    shared(slack, "F2")
    message = preview_in(fake_slack)
    slack.action("import_cancel", button(message, "import_cancel")["value"], channel=DM)
    assert "nothing was written" in wait_response(fake_slack)["text"]
    assert store.count() == 0


def test_only_editors_may_import(store, slack, fake_slack, config):
    config.editors = frozenset({EDITOR})
    fake_slack.add_file("F3", W2013.name, W2013.read_bytes())
    shared(slack, "F3")
    message = preview_in(fake_slack)
    assert button(message, "import_paper") is None
    assert "Only recbot's editors can import" in all_text(message)
    # a forged or old button press from a non-editor is refused too
    slack.action("import_paper", "F3", channel=DM)
    assert "Only recbot's editors can import" in wait_response(fake_slack)["text"]
    assert store.count() == 0
    slack.action("import_paper", "F3", user=EDITOR, channel=DM)
    assert "41 added" in all_text(wait_response(fake_slack, 2))
    assert store.count() == 41


def test_a_file_shared_in_a_channel_is_ignored_unless_announced(store, slack, fake_slack):
    fake_slack.add_file("F4", W2013.name, W2013.read_bytes())
    shared(slack, "F4", channel=CHANNEL)
    time.sleep(QUIET)
    assert not fake_slack.calls_to("chat.postEphemeral") and not fake_slack.calls_to("files.info")

    answer = slack.command_json(slack.command("import"))
    assert "Upload the paper" in all_text(answer)
    shared(slack, "F4", channel=CHANNEL)
    message = preview_in(fake_slack, "chat.postEphemeral")
    assert message["user"] == USER and message["channel"] == CHANNEL
    assert "41 recommendations" in all_text(message)
    # the announcement is used once: the next file in the channel is not a paper
    shared(slack, "F4", channel=CHANNEL)
    time.sleep(QUIET)
    assert len(fake_slack.calls_to("chat.postEphemeral")) == 1


def test_another_persons_upload_after_rec_import_is_not_taken(store, slack, fake_slack):
    fake_slack.add_file("F5", W2013.name, W2013.read_bytes())
    slack.command("import")
    shared(slack, "F5", channel=CHANNEL, user="U0SOMEONE")
    time.sleep(QUIET)
    assert not fake_slack.calls_to("chat.postEphemeral")


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "Nothing was imported"),
        ("minutes.txt", b"Minutes of the meeting.\n\nApologies were received.\n", "Nothing was imported"),
    ],
)
def test_a_file_that_is_not_a_paper_says_why_and_offers_no_import(store, slack, fake_slack, name, data, says):
    fake_slack.add_file("F6", name, data)
    shared(slack, "F6")
    message = preview_in(fake_slack)
    assert says in all_text(message) and name in all_text(message)
    assert button(message, "import_paper") is None
    assert store.count() == 0


def test_a_retried_event_is_previewed_once(store, slack, fake_slack):
    fake_slack.add_file("F7", W2013.name, W2013.read_bytes())
    shared(slack, "F7", event_id="EvSAME")
    shared(slack, "F7", event_id="EvSAME", headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"})
    preview_in(fake_slack)
    time.sleep(QUIET)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_paper_text_is_escaped_in_the_preview(store, slack, fake_slack):
    paper = W2013.read_text(encoding="utf-8").replace(
        "A single 'master' set of safeguarding performance indicators", "<!channel> <@U0ALL> master set"
    )
    assert "<!channel>" in paper
    fake_slack.add_file("F8", "w.txt", paper.encode())
    shared(slack, "F8")
    text = json.dumps(preview_in(fake_slack))
    assert "&lt;!channel&gt; &lt;@U0ALL&gt;" in text and "<!channel>" not in text and "<@U0ALL>" not in text


def test_the_bot_token_goes_only_to_slack_or_the_configured_api_host():
    assert _may_send_token_to("https://files.slack.com/files-pri/T1-F1/x.pdf", "https://slack.com/api/")
    assert not _may_send_token_to("http://files.slack.com/x.pdf", "https://slack.com/api/")
    assert not _may_send_token_to("https://evil.example.org/x.pdf", "https://slack.com/api/")
    assert not _may_send_token_to("https://slack.com.evil.org/x.pdf", "https://slack.com/api/")
    assert _may_send_token_to("http://127.0.0.1:9/files/F1/x", "http://127.0.0.1:9/api/")
