"""Opening the configured store: PostgreSQL when RECBOT_DB is a postgresql:// URL, else the TinyDB file."""

from __future__ import annotations

from filelock import Timeout as LeaderTaken  # what both leader locks raise when another process holds them

from storage.port import StorePort

from .config import Config, ConfigError

__all__ = ["LeaderTaken", "leader_lock", "open_store"]


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


def leader_lock(config: Config):
    """The lock whose holder runs the scheduled jobs: an advisory lock in PostgreSQL, else a file lock."""
    if config.db_url:
        from storage.pg.leader import AdvisoryLock

        return AdvisoryLock(config.db_url)
    from filelock import FileLock

    return FileLock(f"{config.db_path}.scheduler.lock", thread_local=False)
