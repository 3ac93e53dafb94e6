"""Two workspaces on one deployment, on each store: neither reads, changes or is notified of the other's data."""

from __future__ import annotations

import time

import pytest

from bot.schedule import Leader
from bot.slack_app import Services
from bot.workspaces import Workspaces
from settings.config import Config
from settings.stores import open_store
from tests.conftest import W2013, W2013_REVIEW, import_file, until
from tests.slack_requests import DM, all_text, button
from tests.workspace_requests import TeamSender, install, many_workspaces
from tracker.notices import Notice
from tracker.subscriptions import Subscription

A, B = "T0AAA", "T0BBB"
TOKENS = {A: "xoxb-aaa-111", B: "xoxb-bbb-222"}


@pytest.fixture(params=["tinydb", "postgres"])
def config(request, tmp_path, fake_slack) -> Config:
    """Many workspaces, on the TinyDB store and on PostgreSQL (every schema emptied first)."""
    url = ""
    if request.param == "postgres":
        from tests.pg_server import empty

        url = request.getfixturevalue("pg_url")
        empty(url)
    return many_workspaces(fake_slack.api_url, tmp_path, url)


@pytest.fixture
def teams(live, slack, fake_slack) -> dict[str, TeamSender]:
    """Both workspaces installed through the OAuth flow, each with its own token."""
    for team, token in TOKENS.items():
        install(live, fake_slack, team, token)
    return {team: TeamSender(slack, team) for team in TOKENS}


@pytest.fixture
def workspaces(config, teams):
    root = Services(config=config, store=open_store(config))
    yield Workspaces(root)
    if config.db_url:
        root.store.close()


def import_via_slack(team: TeamSender, fake_slack, file_id: str) -> None:
    """Share the paper in a direct message, then press Import on the preview."""
    fake_slack.add_file(file_id, W2013.name, W2013.read_bytes())
    seen = len(fake_slack.calls_to("chat.postMessage"))
    done = len(imported(fake_slack))
    event = {"type": "file_shared", "file_id": file_id, "user_id": "U0EDITOR", "channel_id": DM}
    assert team.event({**event, "file": {"id": file_id}, "event_ts": "1700000000.000100"}).status_code == 200
    preview = fake_slack.wait_for("chat.postMessage", seen + 1)[-1]
    assert preview.token == TOKENS[team.team], "the preview is posted with the importing workspace's token"
    assert team.action("import_paper", button(preview.args, "import_paper")["value"], channel=DM).status_code == 200
    until(lambda: len(imported(fake_slack)) > done, timeout=10, what="the import's reply")


def imported(fake_slack) -> list:
    return [c for c in fake_slack.calls_to("respond/r1") if "41 added" in all_text(c.args)]


def tokens_of(fake_slack, channel: str) -> list[str]:
    return [c.token for c in fake_slack.calls_to("chat.postMessage") if c.args.get("channel") == channel]


def test_each_workspace_sees_changes_and_hears_only_its_own(teams, fake_slack, workspaces):
    a, b = teams[A], teams[B]
    import_via_slack(a, fake_slack, "FA")
    store_a, store_b = workspaces.services(A).store, workspaces.services(B).store
    assert store_a.count() == 41 and store_b.count() == 0
    assert W2013_REVIEW not in b.command("R16").text, "B cannot look up A's recommendation"
    assert W2013_REVIEW not in b.command("list").text
    assert workspaces.root.store.count() == 0, "nothing lands in the deployment's own store"

    assert b.event({"type": "app_home_opened", "user": "U0BBB", "tab": "home"}).status_code == 200
    home = fake_slack.wait_for("views.publish")[-1]
    assert home.token == TOKENS[B] and "Safeguarding Children" not in str(home.args), (
        "B's App Home shows none of A's reviews"
    )
    assert a.event({"type": "app_home_opened", "user": "U0AAA", "tab": "home"}).status_code == 200
    home = fake_slack.wait_for("views.publish", 2)[-1]
    assert home.token == TOKENS[A] and "Safeguarding Children" in str(home.args)

    import_via_slack(b, fake_slack, "FB")
    assert store_b.count() == 41
    assert "will get updates" in a.command("subscribe R16", channel="C0AAAWATCH").text
    assert "will get updates" in b.command("subscribe all", channel="C0BBBWATCH").text

    a.command("update R16 completed MASH live", channel="C0AAAWORK")
    until(lambda: tokens_of(fake_slack, "C0AAAWATCH"), what="A's announcement")
    assert store_a.get(W2013_REVIEW, "R16").status == "completed"
    assert store_b.get(W2013_REVIEW, "R16").status != "completed", "A's update changed nothing of B's"
    assert tokens_of(fake_slack, "C0AAAWATCH") == [TOKENS[A]]
    assert tokens_of(fake_slack, "C0BBBWATCH") == [], "B's channel heard nothing of A's change"

    b.command("note R16 Board met", channel="C0BBBWORK")
    until(lambda: tokens_of(fake_slack, "C0BBBWATCH"), what="B's announcement")
    assert tokens_of(fake_slack, "C0BBBWATCH") == [TOKENS[B]]
    assert tokens_of(fake_slack, "C0AAAWATCH") == [TOKENS[A]], "A heard nothing more"
    assert "Board met" not in str(store_a.get(W2013_REVIEW, "R16").updates)
    posted = {c.token for c in fake_slack.calls if c.method.startswith(("chat.", "views.", "files."))}
    assert posted == set(TOKENS.values()), "every Web API call carried one of the two workspaces' tokens"


def test_scheduled_delivery_runs_per_workspace_with_its_own_token(teams, fake_slack, workspaces, config):
    now = time.time()
    workspaces.services(A).store.queue([Notice.from_json({"channel": "C0AAA", "message": {"text": "for A"}})], now)
    workspaces.services(B).store.queue([Notice.from_json({"channel": "C0BBB", "message": {"text": "for B"}})], now)
    leader = Leader(workspaces.root, workspaces)
    assert sorted(client.token for _, client in leader.each_workspace()) == sorted(TOKENS.values())
    leader.run_outbox()
    assert tokens_of(fake_slack, "C0AAA") == [TOKENS[A]] and tokens_of(fake_slack, "C0BBB") == [TOKENS[B]]
    assert not workspaces.services(A).store.outbox() and not workspaces.services(B).store.outbox()

    workspaces.root.store.delete_installation(None, B)
    assert [client.token for _, client in leader.each_workspace()] == [TOKENS[A]], "an uninstalled workspace rests"


def test_the_daily_slip_check_tells_each_workspace_of_its_own_slips_with_its_token(teams, fake_slack, workspaces):
    import_file(workspaces.services(A).store, W2013)
    import_file(workspaces.services(B).store, W2013)
    workspaces.services(A).store.subscribe(Subscription("C0AAASLIPS", f"review:{W2013_REVIEW}", "slips"))
    workspaces.services(A).store.change(W2013_REVIEW, "R25", lambda rec: setattr(rec, "milestones", []))
    workspaces.services(B).store.subscribe(Subscription("C0BBBSLIPS", "all", "slips"))
    Leader(workspaces.root, workspaces).run_check()
    told_a, told_b = (
        "\n".join(all_text(c.args) for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == channel)
        for channel in ("C0AAASLIPS", "C0BBBSLIPS")
    )
    assert set(tokens_of(fake_slack, "C0AAASLIPS")) == {TOKENS[A]} and set(tokens_of(fake_slack, "C0BBBSLIPS")) == {
        TOKENS[B]
    }
    assert "R25" in told_b and "R25" not in told_a, "A's slips are A's: R25 has no milestone left there"
