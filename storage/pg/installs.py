"""The PostgreSQL store's Slack installations and OAuth states, as plain dicts."""

from __future__ import annotations

from psycopg.types.json import Jsonb

from .tx import Transactions


class PgInstalls(Transactions):
    """Installation and OAuth-state methods of ``PostgresStore``."""

    def save_installation(self, enterprise_id: str | None, team_id: str | None, record: dict) -> None:
        """Keep ``record`` as the installation of this workspace, replacing any earlier one."""
        with self._tx() as cur:
            cur.execute(
                "INSERT INTO installations (enterprise_id, team_id, record) VALUES (%s, %s, %s)"
                " ON CONFLICT (enterprise_id, team_id) DO UPDATE SET record = excluded.record",
                (enterprise_id or "", team_id or "", Jsonb(record)),
            )

    def installation(self, enterprise_id: str | None, team_id: str | None) -> dict | None:
        """The installation of this workspace as saved, or None."""
        rows = self._rows(
            "SELECT record FROM installations WHERE enterprise_id = %s AND team_id = %s",
            (enterprise_id or "", team_id or ""),
        )
        return rows[0][0] if rows else None

    def installations(self) -> list[dict]:
        """Every installation as saved."""
        return [row[0] for row in self._rows("SELECT record FROM installations ORDER BY enterprise_id, team_id")]

    def delete_installation(self, enterprise_id: str | None, team_id: str | None) -> bool:
        """Forget this workspace's installation; False if there was none."""
        with self._tx() as cur:
            cur.execute(
                "DELETE FROM installations WHERE enterprise_id = %s AND team_id = %s",
                (enterprise_id or "", team_id or ""),
            )
            return cur.rowcount > 0

    def issue_state(self, state: str, expires: float, now: float) -> None:
        """Remember an OAuth ``state`` until ``expires``; states expired by ``now`` are dropped."""
        with self._tx() as cur:
            cur.execute("DELETE FROM oauth_states WHERE expires < %s", (now,))
            cur.execute("INSERT INTO oauth_states (state, expires) VALUES (%s, %s)", (state, expires))

    def consume_state(self, state: str, now: float) -> bool:
        """True once for a ``state`` issued and not yet expired; it can never be used again."""
        with self._tx() as cur:
            cur.execute("DELETE FROM oauth_states WHERE state = %s RETURNING expires", (state,))
            row = cur.fetchone()
            return row is not None and row[0] >= now
