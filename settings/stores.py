"""Opening the configured store: PostgreSQL when RECBOT_DB is a postgresql:// URL, else the TinyDB file."""

from __future__ import annotations

from filelock import Timeout as LeaderTaken  # what both leader locks raise when another process holds them

from storage.port import StorePort

from .config import TEAM_ID, Config, ConfigError

__all__ = ["LeaderTaken", "leader_lock", "open_store", "open_workspace_store", "workspace_key"]


def open_store(config: Config) -> StorePort:
    """The store RECBOT_DB names; an unusable PostgreSQL URL stops recbot with one line naming it."""
    if config.db_url:
        from storage.pg.tx import Unreachable
        from storage.postgres import PostgresStore

        try:
            return PostgresStore(config.db_url)
        except Unreachable as exc:
            raise ConfigError(str(exc)) from None
    from storage.store import Store

    return Store(config.db_path, keep_generations=config.keep_generations)


def workspace_key(team_id: str) -> str:
    """``team_id`` checked as a Slack workspace id, or ValueError (it names a folder or a schema)."""
    if not TEAM_ID.fullmatch(team_id or ""):
        raise ValueError(f"not a Slack workspace id: {team_id[:40]!r}")
    return team_id


def open_workspace_store(config: Config, root: StorePort, team_id: str) -> StorePort:
    """The store of one workspace of a many-workspace deployment: in PostgreSQL a schema of its own
    (``ws_t0123``) over the root store's pool; else a TinyDB store in ``workspaces/T0123/`` beside
    the root store's file."""
    team_id = workspace_key(team_id)
    if config.db_url:
        return root.workspace(f"ws_{team_id.lower()}")
    from storage.store import Store

    path = config.db_path.parent / "workspaces" / team_id / config.db_path.name
    return Store(path, keep_generations=config.keep_generations)


def leader_lock(config: Config):
    """The lock whose holder runs the scheduled jobs: an advisory lock in PostgreSQL, else a file lock."""
    if config.db_url:
        from storage.pg.leader import AdvisoryLock

        return AdvisoryLock(config.db_url)
    from filelock import FileLock

    return FileLock(f"{config.db_path}.scheduler.lock", thread_local=False)
