"""Installations, OAuth states and per-workspace stores, on every implementation of the store port."""

from __future__ import annotations

import pytest

from bot.installations import StoreInstallations, StoreStates
from settings.config import Config, ConfigError
from settings.stores import open_workspace_store, workspace_key
from storage.store import Store
from tests.conftest import W2013, import_file
from tracker.subscriptions import Subscription

RECORD = {"team_id": "T0AAA", "enterprise_id": None, "bot_token": "xoxb-a", "bot_id": "B1", "bot_user_id": "U1"}


def test_an_installation_is_saved_found_replaced_and_deleted(any_store):
    assert any_store.installation(None, "T0AAA") is None
    any_store.save_installation(None, "T0AAA", RECORD)
    any_store.save_installation("E0ORG", "T0AAA", {**RECORD, "enterprise_id": "E0ORG", "bot_token": "xoxb-grid"})
    any_store.save_installation(None, "T0AAA", {**RECORD, "bot_token": "xoxb-new"})
    assert any_store.installation(None, "T0AAA")["bot_token"] == "xoxb-new", "a reinstall replaces the old one"
    assert any_store.installation("E0ORG", "T0AAA")["bot_token"] == "xoxb-grid"
    assert sorted(i["bot_token"] for i in any_store.installations()) == ["xoxb-grid", "xoxb-new"]
    assert any_store.delete_installation(None, "T0AAA") is True
    assert any_store.delete_installation(None, "T0AAA") is False
    assert [i["bot_token"] for i in any_store.installations()] == ["xoxb-grid"]


def test_a_state_is_good_once_and_only_until_it_expires(any_store):
    any_store.issue_state("s1", expires=1000.0, now=400.0)
    any_store.issue_state("s2", expires=1000.0, now=400.0)
    assert any_store.consume_state("s1", now=999.0) is True
    assert any_store.consume_state("s1", now=999.0) is False, "single-use"
    assert any_store.consume_state("never", now=999.0) is False
    assert any_store.consume_state("s2", now=1001.0) is False, "expired"
    assert any_store.consume_state("s2", now=500.0) is False, "an expired state is gone for good"


def test_slack_sdk_objects_round_trip_through_the_store(any_store):
    import logging

    from slack_sdk.oauth.installation_store import Installation

    installations = StoreInstallations(any_store, logging.getLogger("test"))
    installations.save(
        Installation(app_id="A1", team_id="T0AAA", user_id="U0", bot_token="xoxb-a", bot_id="B1", bot_user_id="U1")
    )
    bot = installations.find_bot(enterprise_id=None, team_id="T0AAA")
    assert (bot.bot_token, bot.bot_id, bot.bot_user_id) == ("xoxb-a", "B1", "U1")
    installations.delete_installation(enterprise_id=None, team_id="T0AAA", user_id="U9")
    assert installations.find_bot(enterprise_id=None, team_id="T0AAA"), "a user's token revoked leaves the bot"
    installations.delete_bot(enterprise_id=None, team_id="T0AAA")
    assert installations.find_installation(enterprise_id=None, team_id="T0AAA") is None

    now = [100.0]
    states = StoreStates(any_store, logging.getLogger("test"), seconds=600, clock=lambda: now[0])
    state = states.issue()
    assert len(state) >= 32 and state != states.issue()
    now[0] = 701.0
    assert states.consume(state) is False, "ten minutes and one second later"


def test_each_workspace_store_holds_only_its_own_data(any_store, tmp_path):
    config = Config(db_path=tmp_path / "data" / "recbot.json", db_url=getattr(any_store, "url", ""))
    a = open_workspace_store(config, any_store, "T0AAA")
    b = open_workspace_store(config, any_store, "T0BBB")
    import_file(a, W2013)
    for _ in range(5):  # pooled connections go from one workspace to the other and back
        assert (a.count(), b.count(), any_store.count()) == (41, 0, 0)
        assert b.get("wiltshire-2013-safeguarding", "R16") is None and b.reviews() == []
    b.subscribe(Subscription("C0B", "all", "both"))
    assert a.subscriptions() == [] and len(b.subscriptions()) == 1
    assert open_workspace_store(config, any_store, "T0AAA").count() == 41, "opened again, the same store"
    if isinstance(a, Store):
        assert a.path == tmp_path / "data" / "workspaces" / "T0AAA" / "recbot.json"


@pytest.mark.parametrize("team", ["", "t0aaa", "T0A/../../etc", "T0AAA; DROP SCHEMA public", "X0AAA", "T" * 40])
def test_only_a_slack_workspace_id_names_a_store(team):
    with pytest.raises(ValueError):
        workspace_key(team)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET is not set"),
        ({"SLACK_CLIENT_SECRET": "s"}, "SLACK_CLIENT_ID is not set"),
        (
            {
                "SLACK_CLIENT_ID": "1.2",
                "SLACK_CLIENT_SECRET": "s",
                "SLACK_APP_TOKEN": "xapp-1",
                "SLACK_SIGNING_SECRET": "x",
            },
            "Socket Mode",
        ),
    ],
)
def test_half_an_oauth_client_stops_recbot_naming_the_setting(env, message):
    with pytest.raises(ConfigError, match=message):
        Config.from_env(env, need_slack=True)


def test_many_workspaces_need_no_bot_token_but_a_signing_secret():
    oauth = {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"}
    assert Config.from_env({**oauth, "SLACK_SIGNING_SECRET": "x"}, need_slack=True).many_workspaces
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        Config.from_env(oauth, need_slack=True)
    assert not Config.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "x"}).many_workspaces


def test_recbot_workspace_points_the_command_at_one_workspaces_store(env, capsys, monkeypatch):
    from app import main

    monkeypatch.setenv("RECBOT_WORKSPACE", "T0AAA")
    assert main(["import", str(W2013)]) == 0
    assert main(["ask", "/rec R16"]) == 0
    assert "R16" in capsys.readouterr().out
    assert Store(env / "db" / "workspaces" / "T0AAA" / "recbot.json").count() == 41
    assert not Store(env / "db" / "recbot.json").exists(), "the deployment's own store is untouched"

    monkeypatch.setenv("RECBOT_WORKSPACE", "T0BBB")
    assert main(["ask", "/rec R16"]) != 0
    assert "workspaces/T0BBB" in capsys.readouterr().err
    monkeypatch.setenv("RECBOT_WORKSPACE", "../T0AAA")
    assert main(["export"]) == 2
    assert "RECBOT_WORKSPACE" in capsys.readouterr().err
