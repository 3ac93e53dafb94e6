"""The module-level WSGI app reads its settings on the first request, never at import."""

from __future__ import annotations

import importlib

from werkzeug.test import Client


def fresh_app():
    import app as module

    return importlib.reload(module).app


def test_module_app_builds_from_the_environment(monkeypatch, tmp_path, fake_slack):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    monkeypatch.setenv("RECBOT_DB", str(tmp_path / "r.json"))
    response = Client(fresh_app()).get("/healthz")
    assert response.status_code == 200 and response.json == {"ok": True, "recommendations": 0}


def test_module_app_without_settings_says_which(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    response = Client(fresh_app()).get("/healthz")
    assert response.status_code == 503
    assert "SLACK_SIGNING_SECRET is not set" in response.text
