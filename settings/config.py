"""Settings from the environment (and ``.env``), checked once, with one clear line per problem."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker import rag

DEFAULT_API_URL = "https://slack.com/api/"
# The bot scopes slack-manifest.yml asks for; an installation through /slack/install asks for the same.
DEFAULT_SCOPES = ("commands", "chat:write", "files:read")
# Slack's workspace (T...) and organisation (E...) ids: letters and digits. Anything else never
# names a folder or a schema.
TEAM_ID = re.compile(r"[TE][A-Z0-9]{2,30}")


class ConfigError(Exception):
    """A missing or malformed setting; the message names it and says how to fix it."""


@dataclass
class Config:
    """Everything recbot reads from its environment. See ``.env.example``."""

    signing_secret: str = ""
    bot_token: str = ""
    app_token: str = ""
    api_url: str = DEFAULT_API_URL
    team_id: str = ""  # when set, requests from any other workspace are refused
    app_id: str = ""  # when set, requests for any other app are refused
    client_id: str = ""  # with client_secret: many workspaces, each installed through /slack/install
    client_secret: str = ""
    redirect_uri: str = ""  # where Slack returns an installer; empty: the app's configured one
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    workspace: str = ""  # RECBOT_WORKSPACE: the `recbot` command works on this workspace's store
    db_path: Path = Path("data/recbot.json")
    db_url: str = ""  # RECBOT_DB=postgresql://...: the PostgreSQL store instead of the TinyDB file
    tz: str = "Europe/London"
    fixed_today: date | None = None
    editors: frozenset[str] = frozenset()
    amber_days: int = 14
    remind_days: int = 7
    check_at: str = "08:30"
    scheduler: bool = False
    response_months: int = 2  # s.9FE of the Local Government Act 2000: the executive responds within two months
    max_import_mb: int = 20
    keep_generations: int = 5
    late_from: str = "latest"  # lateness from a milestone's latest agreed date, or its original one

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, need_slack: bool = False) -> Config:
        """Read the settings; ``need_slack`` makes the signing secret and bot token required."""
        env = os.environ if environ is None else environ
        config = cls(
            signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip(),
            bot_token=env.get("SLACK_BOT_TOKEN", "").strip(),
            app_token=env.get("SLACK_APP_TOKEN", "").strip(),
            api_url=env.get("SLACK_API_URL", "").strip() or DEFAULT_API_URL,
            team_id=env.get("SLACK_TEAM_ID", "").strip(),
            app_id=env.get("SLACK_APP_ID", "").strip(),
            client_id=env.get("SLACK_CLIENT_ID", "").strip(),
            client_secret=env.get("SLACK_CLIENT_SECRET", "").strip(),
            redirect_uri=env.get("SLACK_REDIRECT_URI", "").strip(),
            workspace=_parse_workspace(env.get("RECBOT_WORKSPACE", "").strip()),
            scopes=tuple(x.strip() for x in env.get("SLACK_SCOPES", "").split(",") if x.strip()) or DEFAULT_SCOPES,
            db_path=Path(_file_db(env) or "data/recbot.json"),
            db_url=_url_db(env),
            tz=env.get("RECBOT_TZ", "").strip() or "Europe/London",
            fixed_today=_parse_today(env.get("RECBOT_TODAY", "").strip()),
            editors=frozenset(u.strip() for u in env.get("RECBOT_EDITORS", "").split(",") if u.strip()),
            amber_days=_parse_int("RECBOT_AMBER_DAYS", env.get("RECBOT_AMBER_DAYS", ""), 14),
            remind_days=_parse_int("RECBOT_REMIND_DAYS", env.get("RECBOT_REMIND_DAYS", ""), 7),
            response_months=_parse_int("RECBOT_RESPONSE_MONTHS", env.get("RECBOT_RESPONSE_MONTHS", ""), 2, "months"),
            check_at=_parse_time("RECBOT_CHECK_AT", env.get("RECBOT_CHECK_AT", "").strip() or "08:30"),
            max_import_mb=_parse_mb("RECBOT_MAX_IMPORT_MB", env.get("RECBOT_MAX_IMPORT_MB", ""), 20),
            late_from=_parse_choice("RECBOT_LATE_FROM", env.get("RECBOT_LATE_FROM", ""), rag.LATE_FROM),
            keep_generations=_parse_int(
                "RECBOT_KEEP_GENERATIONS", env.get("RECBOT_KEEP_GENERATIONS", ""), 5, "commits"
            ),
            scheduler=env.get("RECBOT_SCHEDULER", "on").strip().lower() not in ("off", "0", "false", "no"),
        )
        if bool(config.client_id) != bool(config.client_secret):
            missing = "SLACK_CLIENT_SECRET" if config.client_id else "SLACK_CLIENT_ID"
            raise ConfigError(
                f"{missing} is not set: many workspaces need both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"
            )
        if not config.api_url.endswith("/"):
            config.api_url += "/"
        try:
            ZoneInfo(config.tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"RECBOT_TZ={config.tz!r} is not a time zone name (e.g. Europe/London)") from None
        if need_slack:
            config.require_slack()
        return config

    def require_slack(self) -> None:
        """Fail with one line naming the first Slack setting that is missing.

        Over Socket Mode (``SLACK_APP_TOKEN`` set) requests are not signed, so no signing secret;
        with many workspaces each installation brings its own token, so no ``SLACK_BOT_TOKEN``.
        """
        if self.many_workspaces and self.app_token:
            raise ConfigError(
                "SLACK_APP_TOKEN (Socket Mode) serves one workspace: unset it, or unset SLACK_CLIENT_ID and"
                " SLACK_CLIENT_SECRET to use SLACK_BOT_TOKEN"
            )
        needed = [] if self.many_workspaces else [("SLACK_BOT_TOKEN", self.bot_token)]
        if not self.app_token:
            needed.insert(0, ("SLACK_SIGNING_SECRET", self.signing_secret))
        elif not self.app_token.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN must be an app-level token (it starts xapp-)")
        for name, value in needed:
            if not value:
                raise ConfigError(
                    f"{name} is not set: copy .env.example to .env and fill it in (README, 'Running it in Slack')"
                )

    @property
    def many_workspaces(self) -> bool:
        """True when Slack's OAuth client is configured: one deployment serves every workspace that installs it."""
        return bool(self.client_id and self.client_secret)

    @property
    def max_import_bytes(self) -> int:
        """The largest file ``recbot import`` (or an upload) will read, in bytes."""
        return self.max_import_mb * 1024 * 1024

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def today(self) -> date:
        """Today in ``RECBOT_TZ``, or ``RECBOT_TODAY`` when it is set."""
        return self.fixed_today or datetime.now(self.zone).date()

    @property
    def rag_rules(self) -> rag.Rules:
        """How RAG ratings and slips are judged (``RECBOT_AMBER_DAYS``, ``RECBOT_LATE_FROM``)."""
        return rag.Rules(amber_days=self.amber_days, late_from=self.late_from)

    def now_local(self) -> datetime:
        """Now in ``RECBOT_TZ`` (the real clock: scheduled digests follow it even with ``RECBOT_TODAY``)."""
        return datetime.now(self.zone)

    def now_iso(self) -> str:
        """A timestamp for history entries: UTC, to the second."""
        return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def from_dotenv(*, need_slack: bool = False) -> Config:
    """Settings from the environment and the ``.env`` of the working folder or the nearest above it.

    A relative ``RECBOT_DB`` (or the default) is relative to that ``.env``'s folder, so every
    folder of a project finds the same store; one set in the environment itself stays relative
    to the working folder.
    """
    from dotenv import dotenv_values, find_dotenv, load_dotenv

    found = find_dotenv(usecwd=True)
    own = dotenv_values(found).get("RECBOT_DB") if found else None
    from_environment = "RECBOT_DB" in os.environ and os.environ["RECBOT_DB"] != own
    if found:
        load_dotenv(found)
    config = Config.from_env(need_slack=need_slack)
    if found and not from_environment and not config.db_path.is_absolute():
        config.db_path = Path(found).resolve().parent / config.db_path
    return config


def _parse_workspace(value: str) -> str:
    if value and not TEAM_ID.fullmatch(value):
        raise ConfigError(
            f"RECBOT_WORKSPACE={value[:40]!r} is not a Slack workspace id (T followed by letters and digits)"
        )
    return value


def _parse_today(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"RECBOT_TODAY={value!r} is not a date in the form YYYY-MM-DD") from None


def _parse_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    value = value.strip().lower() or choices[0]
    if value not in choices:
        raise ConfigError(f"{name}={value!r} is not one of: {', '.join(choices)}")
    return value


def _parse_int(name: str, value: str, default: int, unit: str = "days") -> int:
    if not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ConfigError(f"{name}={value!r} is not a whole number of {unit}")
    return number


def _parse_mb(name: str, value: str, default: int) -> int:
    if not value.strip():
        return default
    if not value.strip().isdigit() or int(value) < 1:
        raise ConfigError(f"{name}={value!r} is not a whole number of megabytes (1 or more)")
    return int(value)


def _parse_time(name: str, value: str) -> str:
    try:
        return datetime.strptime(value, "%H:%M").strftime("%H:%M")
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a time of day like 08:30") from None


def _url_db(env: Mapping[str, str]) -> str:
    """RECBOT_DB when it names a PostgreSQL database (``postgresql://`` or ``postgres://``)."""
    value = env.get("RECBOT_DB", "").strip()
    return value if value.startswith(("postgresql://", "postgres://")) else ""


def _file_db(env: Mapping[str, str]) -> str:
    """RECBOT_DB when it names a TinyDB store's file."""
    return "" if _url_db(env) else env.get("RECBOT_DB", "").strip()
