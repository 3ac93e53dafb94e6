"""Slack's key paths with RECBOT_DB=postgresql://...: the same signed requests and fake Web API,
the tests of the TinyDB app collected here again, with the app serving from PostgreSQL."""

from __future__ import annotations

import pytest

from settings.config import Config
from tests.conftest import SECRET
from tests.test_chat_permissions import (  # noqa: F401  (refusals that must leave PostgreSQL as it was)
    test_links_made_while_everyone_edited_give_no_rights_once_editors_are_named,
    test_no_editors_named_means_nobody_changes_anything,
)
from tests.test_chat_trust import (  # noqa: F401
    test_a_reading_button_is_refused_to_a_non_editor_and_a_forged_one_is_stale,
)
from tests.test_digests import (  # noqa: F401  (collected here to run against PostgreSQL)
    test_a_digest_says_what_changed_and_is_sent_once_per_period,
    test_setting_showing_and_stopping_a_digest_in_chat,
)
from tests.test_hardening import (  # noqa: F401
    test_malformed_and_oversized_bodies_are_refused,
)
from tests.test_slack_edits import (  # noqa: F401
    test_a_channel_the_bot_is_not_in_is_reported_to_the_subscriber,
    test_due_moves_a_named_milestone_and_done_marks_it_met,
    test_each_subscribed_channel_hears_once,
    test_form_submission_saves_and_announces,
    test_later_messages_go_in_the_thread_and_status_changes_are_broadcast,
    test_malformed_edits_say_what_is_accepted_and_change_nothing,
    test_note_keeps_the_status_and_history_is_append_only,
    test_refused_edit_is_told_only_to_the_person_and_changes_nothing,
    test_subscriptions_list_and_unsubscribe,
    test_update_changes_status_and_records_who_what_and_how,
)
from tests.test_slack_import import (  # noqa: F401
    test_a_paper_sent_in_a_direct_message_is_previewed_then_imported,
    test_a_retried_event_is_previewed_once,
)
from tests.test_slack_lookup import (  # noqa: F401
    test_bad_signatures_are_refused_and_change_nothing,
    test_id_in_several_reviews_asks_which,
    test_list_reviews_and_recommendations,
    test_lookup_r16_answers_with_a_card,
)


@pytest.fixture
def config(tmp_path, fake_slack, pg_url) -> Config:
    from tests.pg_server import empty

    empty(pg_url)
    return Config(
        signing_secret=SECRET,
        editors=frozenset({"*"}),
        bot_token="xoxb-test-token",
        api_url=fake_slack.api_url,
        db_path=tmp_path / "data" / "recbot.json",
        db_url=pg_url,
    )


@pytest.fixture
def store(config):
    from storage.postgres import PostgresStore

    store = PostgresStore(config.db_url)
    yield store
    store.close()


def test_the_app_serves_from_postgres(store, config, slack):
    from tests.conftest import W2013, import_file

    import_file(store, W2013)
    slack.command("update R16 completed MASH live since April")
    assert store.get("wiltshire-2013-safeguarding", "R16").status == "completed"
    assert not config.db_path.exists()  # the TinyDB file was never created


def test_while_the_database_is_down_a_change_says_it_could_not_be_saved(store, config, slack):
    from tests.conftest import W2013, import_file
    from tests.pg_server import start, stop
    from tests.slack_requests import all_text

    import_file(store, W2013)
    slack.command("wiltshire-2013-safeguarding R16")  # the app's pool holds live connections
    stop(config.db_url)
    try:
        text = all_text(slack.command_json(slack.command("update wiltshire-2013-safeguarding R16 completed live")))
    finally:
        start(config.db_url)
    assert "could not be saved" in text and "nothing was recorded" in text and "try again" in text
    assert "something went wrong" not in text
    assert store.get("wiltshire-2013-safeguarding", "R16").status != "completed"
    # Back up: the pool reconnects and the same change goes through.
    slack.command("update wiltshire-2013-safeguarding R16 completed live")
    assert store.get("wiltshire-2013-safeguarding", "R16").status == "completed"
