"""Rendering holds itself to Slack's limits and makes text inert where Block Kit is built, whoever calls it."""

from __future__ import annotations

import ast

import pytest

from bot import blocks, kit
from bot.mrkdwn import MESSAGE_BLOCKS, SECTION_TEXT
from tests.conftest import ROOT
from tests.slack_requests import all_text

PACKAGES = ("tracker", "storage", "settings", "usecases", "bot", "handlers", "cli")


@pytest.mark.parametrize(
    "build",
    [
        lambda t: {"blocks": [kit.section(t)]},
        lambda t: {"blocks": [kit.context(t)]},
        lambda t: {"blocks": [kit.fields("*Status*", t)]},
        lambda t: kit.text_message(t),
        lambda t: kit.message(t, [kit.section(t)]),
        lambda t: blocks.help_message(t),
    ],
    ids=["section", "context", "fields", "text_message", "message", "help"],
)
def test_no_block_can_notify_a_whole_channel(build):
    text = all_text(build("Due <!channel> and <!here|here>, says <!subteam^S123>"))
    assert "<!" not in text and "&lt;!channel" in text


def test_a_messages_fallback_is_escaped_and_its_blocks_capped():
    many = [kit.section(f"line {i}") for i in range(80)]
    message = kit.message("R1 <@U0BAD> & <https://evil.example|click>", many)
    assert message["text"] == "R1 &lt;@U0BAD&gt; &amp; &lt;https://evil.example|click&gt;"
    assert len(message["blocks"]) == MESSAGE_BLOCKS
    assert "31 more not shown" in all_text({"blocks": message["blocks"][-1:]})


def test_long_help_is_split_into_sections_within_the_limit():
    text = "\n".join(f"• `/rec verb{i}`: " + "words " * 40 for i in range(40))
    message = blocks.help_message(text)
    assert len(message["blocks"]) > 1
    assert all(len(b["text"]["text"]) <= SECTION_TEXT for b in message["blocks"])
    assert "`/rec verb39`" in all_text(message)


def test_a_channel_that_is_not_an_id_is_shown_as_text():
    for message in (blocks.import_prompt_message("C1><!here", 10), blocks.digest_off_message("C1><!here", True)):
        assert "<#C1>" not in all_text(message) and "C1&gt;&lt;!here" in all_text(message)
    assert "<#C0123ABC>" in all_text(blocks.digest_off_message("C0123ABC", False))


def test_no_private_helper_is_imported_across_modules():
    """A name starting with ``_`` is its module's own: another module that needs it gets a public one."""
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom):
                    private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                    found += [f"{path.relative_to(ROOT)}: {node.module}.{name}" for name in private]
    assert not found, found
