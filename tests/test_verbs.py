"""The verb table: parsing, routing, help, hints and permissions all read it; errors become replies in one place."""

from __future__ import annotations

import ast
from dataclasses import replace

import pytest

from bot.kit import text_message
from bot.mrkdwn import escape
from bot.slack_app import Services
from handlers.answers import Asker, Permission, Reply
from handlers.commands import answer
from handlers.grammar import Command, Typed
from handlers.parser import parse, verb_for_log
from handlers.verbs import LOOK_UP, VERBS, Verb
from tests.conftest import ROOT, r16
from tests.slack_requests import CHANNEL, KEY, USER, all_text, form, meta
from tracker.errors import UserError

EDITOR = "UEDITOR1"
ASKER = Asker(USER, "officer", CHANNEL)


def _ping(t: Typed) -> Command:
    if not t.rest:
        raise UserError(f"Ping what? {t.example}")
    return Command("ping", args=t.rest)


def _pong(services, cmd: Command, asker: Asker) -> Reply:
    return Reply(text_message(f"pong {escape(cmd.args)}"))


PING = Verb(
    "ping", _ping, _pong, Permission.ANYONE, LOOK_UP, ("`/rec ping WORDS`: answers pong",), "e.g. `/rec ping me`."
)
PING = replace(PING, words=("ping",))


def test_a_new_verb_is_one_table_entry_routed_helped_and_hinted():
    verbs = VERBS.with_verb(PING)
    assert parse("ping <!here>", verbs) == Command("ping", args="<!here>")
    assert "pong &lt;!here&gt;" in all_text(answer(None, "ping <!here>", ASKER, verbs).message)
    assert "Ping what? e.g. `/rec ping me`." in all_text(answer(None, "ping", ASKER, verbs).message)
    assert "`/rec ping WORDS`: answers pong" in all_text(answer(None, "help", ASKER, verbs).message)
    with pytest.raises(UserError, match=r"Did you mean `/rec ping`\?"):
        parse("pnig", verbs)
    assert verb_for_log("ping secret words", verbs) == "ping"
    # The table in use is untouched: `ping` is still no verb there.
    assert "ping" not in VERBS.help_text()
    with pytest.raises(UserError) as refused:
        parse("pnig")
    assert "/rec ping" not in str(refused.value)


def test_every_verb_is_declared_once_with_help_and_words_of_its_own():
    names = [v.name for v in VERBS.verbs]
    words = [w for v in VERBS.verbs for w in v.words]
    assert len(names) == len(set(names)) and len(words) == len(set(words))
    assert [v.name for v in VERBS.verbs if not v.words] == ["lookup"]  # what no other verb reads
    help_text = VERBS.help_text()
    for verb in VERBS.verbs:
        assert verb.help and all(line in help_text for line in verb.help)
        assert not verb.words or f"`/rec {verb.words[0]}" in help_text


@pytest.mark.parametrize(
    "typed, verb",
    [("?", "help"), ("ls", "list"), ("R16 full", "lookup"), ("wirral-2020-x R1", "lookup"), ("frob", "unknown")],
)
def test_the_request_log_names_the_verb_from_the_table(typed, verb):
    assert verb_for_log(typed) == verb


def test_a_verbs_permission_is_read_from_the_table(w2013, config):
    config.editors = frozenset({EDITOR})
    services = Services(config=config, store=w2013)
    assert answer(services, "owner R16 <@UOWNER1|jo>", Asker(EDITOR, "ed", CHANNEL)).outcome == "ok"
    owner = Asker("UOWNER1", "jo", CHANNEL)
    assert answer(services, "note R16 Met the partners", owner).outcome == "ok"
    editors_only = VERBS.with_verb(replace(VERBS.named("note"), permission=Permission.EDITOR))
    reply = answer(services, "note R16 Met them again", owner, editors_only)
    assert reply.outcome == "refused" and "Only recbot's editors" in all_text(reply.message)
    assert [u.note for u in r16(w2013).updates][-1] == "Met the partners"
    reported = "review wiltshire-2013-safeguarding reported 1 April 2013"
    assert answer(services, reported, owner).outcome == "refused"
    assert w2013.reviews()[0].reported.isoformat() == "2013-03-28"
    anyone = VERBS.with_verb(replace(VERBS.named("review"), permission=Permission.ANYONE))
    assert answer(services, reported, owner, anyone).outcome == "ok"
    assert w2013.reviews()[0].reported.isoformat() == "2013-04-01"


def test_help_says_who_may_use_a_verb_from_its_permission():
    stricter = "link or remove an owner (editors)"
    assert stricter in VERBS.help_text()  # owners may record progress, but not make owners
    looser = VERBS.with_verb(replace(VERBS.named("owner"), permission=Permission.OWNER_OR_EDITOR))
    assert stricter not in looser.help_text() and "link or remove an owner" in looser.help_text()


def test_the_command_the_form_the_shortcut_and_a_reading_edit_through_one_use_case(
    w2013, slack, fake_slack, monkeypatch
):
    from tests.test_message_shortcut import send, submission
    from usecases import edits

    seen = []
    real = edits.apply

    def spy(services, found, actor, *steps, **kw):
        seen.append(actor.via)
        return real(services, found, actor, *steps, **kw)

    monkeypatch.setattr(edits, "apply", spy)
    slack.command("update R16 in progress Command")
    assert slack.view_submission(form(note="Form"), meta()).status_code == 200
    assert send(slack, submission({"channel": CHANNEL}, KEY, "Shortcut")).status_code == 200
    readings = slack.command_json(slack.command("update R16 compelted Reading"))
    button = next(e for b in readings["blocks"] if b["type"] == "actions" for e in b["elements"])
    slack.action(button["action_id"], button["value"])
    fake_slack.wait_for("respond/r1")
    assert seen == ["command", "modal", "shortcut", "button"]
    assert [u.source for u in r16(w2013).updates][-4:] == seen


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)
    }


USER_ERRORS = {"UserError", "NotFound", "Refused", "Busy", "AlreadyApplied", "NotCompleted", "Unreadable"}


def test_user_errors_become_replies_only_through_failures():
    """Every listener (a module that speaks to Slack) that answers a UserError, rather than raising another,
    asks ``failures.failure`` for the reply."""
    listeners = [p for p in sorted((ROOT / "handlers").glob("*.py")) if "slack_bolt" in p.read_text()]
    assert {"commands.py", "actions.py", "forms.py", "modals.py", "shortcuts.py", "uploads.py"} <= {
        p.name for p in listeners
    }
    for path in listeners:
        tree = ast.parse(path.read_text())
        assert "error_message" not in _names(tree), path.name
        for handler in (n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)):
            caught = _names(handler.type) if handler.type else set()
            answers_it = not any(isinstance(n, ast.Raise) for n in ast.walk(handler))
            if caught & USER_ERRORS and answers_it:
                assert "failure" in _names(handler), f"{path.name}:{handler.lineno} answers a UserError itself"
