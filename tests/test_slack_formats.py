"""Papers in Word, PDF and spreadsheet form shared with recbot in Slack: previewed, or refused with the reason."""

from __future__ import annotations

from tests.conftest import FIXTURES
from tests.slack_requests import all_text, button, preview_in, shared


def test_a_pdf_shared_in_slack_is_previewed_with_its_recommendations(store, slack, fake_slack):
    name = "northmoor-action-plan.pdf"
    fake_slack.add_file("F20", name, (FIXTURES / name).read_bytes())
    shared(slack, "F20")
    message = preview_in(fake_slack)
    text = all_text(message)
    assert "40 recommendations: 40 to add" in text and "*SC01*" in text
    assert button(message, "import_paper") is not None
    assert store.count() == 0


def test_a_scan_shared_in_slack_is_refused_as_needing_ocr(store, slack, fake_slack):
    name = "northmoor-scan.pdf"
    fake_slack.add_file("F21", name, (FIXTURES / name).read_bytes())
    shared(slack, "F21")
    message = preview_in(fake_slack)
    assert "needs OCR first" in all_text(message) and "Nothing was imported" in all_text(message)
    assert button(message, "import_paper") is None
    assert store.count() == 0


def test_the_size_limit_setting_applies_to_files_shared_in_slack(store, slack, fake_slack, config):
    config.max_import_mb = 1
    fake_slack.add_file("F22", "board-pack.html", b"<html><body>" + b"<p>x</p>" * 200_000 + b"</body></html>")
    shared(slack, "F22")
    message = preview_in(fake_slack)
    assert "board-pack.html is 1.6 MB; papers over 1 MB are not imported." in all_text(message)
    assert button(message, "import_paper") is None
    assert store.count() == 0
