"""Mrkdwn is a type: whatever is put into it is escaped unless it is Mrkdwn already, and builders escape the rest."""

from __future__ import annotations

import ast
import re
from datetime import date

import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import kit
from bot.mrkdwn import Mrkdwn, channel, chunks, clip, code, escape, link, mention
from tests.conftest import ROOT
from tests.slack_requests import all_text

HOSTILE = "<!channel> <@U123> & *bold*"
INERT = "&lt;!channel&gt; &lt;@U123&gt; &amp; *bold*"
# An "&" that does not start a whole entity: an entity cut in half, or text that was never escaped.
BROKEN = re.compile(r"&(?!amp;|lt;|gt;)")


def test_format_escapes_plain_arguments_and_takes_mrkdwn_once():
    line = Mrkdwn("*{}* ({}) {}").format(HOSTILE, code("a&b"), mention("U0123ABC"))
    assert line == "*&lt;!channel&gt; &lt;@U123&gt; &amp; *bold** (`a&amp;b`) <@U0123ABC>"
    assert isinstance(line, Mrkdwn)
    assert escape(escape("&")) == "&amp;"
    assert Mrkdwn("{:%d %b} {:,} {who}").format(date(2013, 7, 1), 12345, who="<!here>") == "01 Jul 12,345 &lt;!here&gt;"
    assert Mrkdwn("{}").format(None) == "" and Mrkdwn("{}").format(["<x>"]) == "['&lt;x&gt;']"


def test_concatenation_join_percent_and_replace_escape_plain_text():
    safe = mention("U0123ABC")
    assert safe + " <!here>" == "<@U0123ABC> &lt;!here&gt;"
    assert "<!here> " + safe == "&lt;!here&gt; <@U0123ABC>"
    assert Mrkdwn(", ").join(["a&b", safe]) == "a&amp;b, <@U0123ABC>"
    assert Mrkdwn("*%s*") % "<!here>" == "*&lt;!here&gt;*"
    assert escape("a\nb").replace("\n", Mrkdwn("\n> ")) == "a\n> b"
    assert isinstance(clip(escape("x " * 50), 20), Mrkdwn) and isinstance(safe[:3], Mrkdwn)


def test_html_safe_text_is_not_mrkdwn_safe():
    class Sneaky:
        def __html__(self):
            return "<!here>"

    for value in (markupsafe.Markup("<!channel>"), Sneaky()):
        assert "<!" not in Mrkdwn("{}").format(value)
        assert "<!" not in Mrkdwn("%s") % (value,)
        assert "<!" not in Mrkdwn("") + value
        assert "<!" not in escape(value)
    # and the other way round: mrkdwn put into HTML is text, not a tag
    assert markupsafe.escape(mention("U0123ABC")) == "&lt;@U0123ABC&gt;"
    assert Mrkdwn(mention("U0123ABC")) == "<@U0123ABC>"


def test_only_well_formed_ids_and_https_links_stay_live():
    assert mention("U0123ABC") == "<@U0123ABC>" and mention("U1><!here") == "U1&gt;&lt;!here"
    assert channel("C0123ABC") == "<#C0123ABC>" and channel("<!here>") == "&lt;!here&gt;"
    assert link("https://example.org/a", "a & b") == "<https://example.org/a|a &amp; b>"
    assert link("javascript:x", "<!here>") == "&lt;!here&gt;"
    assert code("`<!here>`") == "`'&lt;!here&gt;'`"
    assert escape(None) == "" and escape(16) == "16"


@pytest.mark.parametrize(
    "build",
    [
        lambda t: {"blocks": [kit.section(t)]},
        lambda t: {"blocks": [kit.context(t)]},
        lambda t: {"blocks": [kit.fields(t)]},
        lambda t: kit.text_message(t),
        lambda t: kit.message(t, []),
    ],
    ids=["section", "context", "fields", "text_message", "message"],
)
def test_builders_escape_plain_text_and_take_mrkdwn_once(build):
    shown = all_text(build(HOSTILE))
    assert INERT in shown and "<" not in shown and "&amp;lt;" not in shown
    shown = all_text(build(Mrkdwn("*{}* {}").format("&", mention("U0123ABC"))))
    assert "*&amp;* <@U0123ABC>" in shown and "&amp;amp;" not in shown
    assert "&amp;lt;" in all_text(build("&lt;"))  # text that says "&lt;" shows it as typed


def test_plain_text_fields_are_shown_as_typed():
    assert kit.header("Q&A <draft>")["text"]["text"] == "Q&A <draft>"
    assert kit.button("R&D <x>", "a", "v")["text"]["text"] == "R&D <x>"


def test_builders_clip_escaped_text_to_block_kits_limits_without_breaking_an_entity():
    text = kit.section("&" * 5000)["text"]["text"]
    assert len(text) <= 3000 and not BROKEN.search(text) and text.endswith("&amp;…")
    field = kit.fields("a;b, " + "<" * 3000)["fields"][0]["text"]
    assert len(field) <= 2000 and not BROKEN.search(field)


@given(st.text(alphabet="&<>;:, ab*", max_size=120), st.integers(min_value=2, max_value=120))
def test_clip_and_chunks_never_cut_an_entity(text, limit):
    safe = escape(text)
    clipped = clip(safe, limit)
    assert isinstance(clipped, Mrkdwn) and len(clipped) <= max(limit, len("…"))
    assert not BROKEN.search(clipped), clipped
    room = max(limit, len("&amp;"))  # a piece holds at least one whole entity
    for piece in chunks(escape(text.replace(" ", "\n")), room):
        assert isinstance(piece, Mrkdwn) and len(piece) <= room and not BROKEN.search(piece), piece


def test_clip_keeps_a_mention_or_link_whole():
    text = Mrkdwn("see ") + mention("U0123ABC") + " " + link("https://example.org/" + "a" * 40, "here")
    for limit in range(5, len(text)):
        clipped = clip(text, limit)
        assert clipped.count("<") == clipped.count(">"), clipped


RENDERING = ("bot", "handlers")
READS_REQUESTS = {"bot/guard.py"}  # parses a request's form; builds no message


def _is_plain_text(node: ast.Dict) -> bool:
    """``{"type": "plain_text", "text": ...}`` or an option ``{"text": <plain_text>, "value": ...}``."""
    pairs = {k.value: v for k, v in zip(node.keys, node.values, strict=True) if isinstance(k, ast.Constant)}
    kind = pairs.get("type")
    return (isinstance(kind, ast.Constant) and kind.value == "plain_text") or "value" in pairs


def test_only_the_kit_builds_mrkdwn_or_a_messages_text():
    """A mrkdwn text object or a message's ``text`` built by hand would skip the builders' escaping."""
    found = []
    for package in RENDERING:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "bot" / "kit.py" or str(path.relative_to(ROOT)) in READS_REQUESTS:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
                if isinstance(node, ast.Constant) and node.value == "mrkdwn":
                    found.append(f"{where}: a mrkdwn text object")
                if isinstance(node, ast.Dict) and not _is_plain_text(node):
                    keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                    if "text" in keys:
                        found.append(f"{where}: a dict with text")
                if isinstance(node, ast.Call) and any(k.arg == "text" for k in node.keywords):
                    name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                    if name in ("respond", "say") or name.startswith("chat_"):
                        found.append(f"{where}: {name}(text=...)")
    assert not found, found
