"""Who may change what, by default and once editors are named; linking and removing owners."""

from __future__ import annotations

import json

import pytest

from app import main
from settings.config import Config
from tests.conftest import r16, state
from tests.slack_requests import all_text
from tracker.models import Owner

REVIEW = "wiltshire-2013-safeguarding"
EDITOR = "UEDITOR1"


def said(slack, text, user):
    return all_text(slack.command_json(slack.command(text, user=user)))


def test_no_editors_named_means_nobody_changes_anything(w2013, slack, config):
    config.editors = frozenset()
    before = state(w2013)
    for typed in ("update R16 done", "note R16 hello", "owner R16 <@U2147483697|officer>", "due R16 2027-01-01"):
        assert "Nobody can change recommendations yet" in said(slack, typed, "U2147483697"), typed
    assert state(w2013) == before


def test_star_means_everyone_and_is_read_from_the_environment(w2013, slack, config):
    config.editors = Config.from_env({"RECBOT_EDITORS": "*"}).editors
    assert "Saved R16" in said(slack, "update R16 done", "UANYONE1")
    assert Config.from_env({"RECBOT_EDITORS": ""}).editors == frozenset()


def test_only_editors_link_owners_and_an_owner_cannot_make_owners(w2013, slack, config):
    config.editors = frozenset({EDITOR})
    assert "Only recbot's editors can link" in said(slack, "owner R16 <@UOTHER1|me>", "UOTHER1")
    assert "Saved R16" in said(slack, "owner R16 <@UOWNER1|jo>", EDITOR)
    assert "Only recbot's editors can link" in said(slack, "owner R16 <@UFRIEND1|pal>", "UOWNER1")
    assert [o.slack_user for o in r16(w2013).owners] == ["UOWNER1"]
    assert r16(w2013).owners[0].linked_by == EDITOR


def test_links_made_while_everyone_edited_give_no_rights_once_editors_are_named(w2013, slack, config):
    config.editors = frozenset({"*"})
    assert "Saved R16" in said(slack, "owner R16 <@UOTHER1|me>", "UOTHER1")
    config.editors = frozenset({EDITOR})
    before = state(w2013)
    assert "You can't change R16" in said(slack, "update R16 done", "UOTHER1")
    assert state(w2013) == before
    assert "<@UOTHER1>" in all_text(slack.command_json(slack.command("R16")))  # still shown as an owner
    assert "Saved R16" in said(slack, "owner R16 <@UOTHER1|me>", EDITOR)  # an editor vouches for the link
    assert "Saved R16" in said(slack, "update R16 done", "UOTHER1")
    assert [o.slack_user for o in r16(w2013).owners] == ["UOTHER1"]


def test_an_empty_user_id_is_nobodys_owner(w2013, slack, config, fake_slack):
    def named(rec):
        rec.owners.append(Owner(name="Head of Service", role="Lead Officer"))

    w2013.change(REVIEW, "R16", named)
    config.editors = frozenset({EDITOR})
    key = f"{REVIEW}/R16"
    values = {"status": {"status_select": {"selected_option": {"value": "completed"}}}}
    before = state(w2013)
    response = slack.view_submission(values, json.dumps({"rec": key, "channel": None}), user="")
    assert response.status_code == 200 and "You can't change R16" in response.text
    slack.action("rec_update", key, user="")
    assert "You can't change R16" in all_text(fake_slack.wait_for("respond/r1")[0].args)
    assert fake_slack.calls_to("views.open") == []
    assert state(w2013) == before


def test_owner_remove(w2013, slack, config):
    config.editors = frozenset({EDITOR})
    said(slack, "owner R16 <@UOWNER1|jo>", EDITOR)
    assert "Only recbot's editors" in said(slack, "owner R16 remove <@UOWNER1|jo>", "UOWNER1")
    assert "owner removed: <@UOWNER1>" in said(slack, "owner R16 remove <@UOWNER1|jo>", EDITOR)
    assert r16(w2013).owners == [] and r16(w2013).updates[-1].changes == {"owner": ["UOWNER1", None]}
    assert "You can't change R16" in said(slack, "update R16 done", "UOWNER1")
    assert "is not linked as an owner of R16" in said(slack, "owner R16 remove <@UOWNER1|jo>", EDITOR)
    assert "owner removed" in said(slack, "history R16", EDITOR)


def test_recbot_ask_runs_as_the_local_operator_who_may_edit(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RECBOT_DB", str(tmp_path / "db" / "recbot.json"))
    monkeypatch.setenv("RECBOT_EDITORS", "")
    from tests.conftest import SAMPLE

    assert main(["import", str(SAMPLE)]) == 0
    assert main(["ask", "/rec update R3 in progress payload agreed with partners"]) == 0
    assert "Saved R3" in capsys.readouterr().out
    assert main(["ask", "--user", "USOMEONE", "/rec update R3 done"]) == 0
    assert "Nobody can change recommendations yet" in capsys.readouterr().out


@pytest.mark.parametrize("typed", ["owner R16 remove", "owner R16 remove jo"])
def test_owner_remove_needs_a_person(w2013, slack, typed):
    assert "Name the owner with Slack's @ menu" in said(slack, typed, EDITOR)
