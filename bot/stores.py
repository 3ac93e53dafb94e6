"""Opening the configured store: PostgreSQL when RECBOT_DB is a postgresql:// URL, else the TinyDB file."""

from __future__ import annotations

from storage.port import StorePort

from .config import Config, ConfigError


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
